import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng, memoryStore } from '@prior/datasets';
import { describe, expect, it } from 'vitest';
import {
  type RunResult,
  Canvas,
  PALETTE,
  ReportError,
  aggregateSeeds,
  barChart,
  fingerprintDirectory,
  fingerprintFileList,
  fingerprintSplitFile,
  makeRunResult,
  markdownReport,
  parseResults,
  readResults,
  resultsTable,
  resultsToJson,
  rocCurve,
  rocPlot,
  writeResults,
} from '../src/index.js';

const fp = { name: 'synth-chexpert', kind: 'split-file' as const, sha256: 'ab'.repeat(32), count: 1000 };

function run(method: string, dataset: string, labelFraction: number | undefined, values: number[], extra: Partial<RunResult> = {}): RunResult {
  return makeRunResult({
    task: 'linear-probe',
    method,
    dataset,
    labelFraction,
    primaryMetric: 'auroc',
    config: { epochs: 10 },
    perSeed: values.map((v, i) => ({ seed: i, metrics: { auroc: v, accuracy: v - 0.1 } })),
    fingerprints: [fp],
    createdAt: '2025-01-01T00:00:00.000Z',
    ...extra,
  });
}

describe('results JSON', () => {
  it('aggregates mean ± sample std per metric and leaves out undefined seeds with their ids', () => {
    const agg = aggregateSeeds([
      { seed: 1, metrics: { auroc: 0.8, dice: NaN } },
      { seed: 2, metrics: { auroc: 0.9, dice: 0.5 } },
      { seed: 3, metrics: { auroc: 0.85, dice: 0.7 } },
    ]);
    expect(agg.auroc.mean).toBeCloseTo(0.85, 14);
    expect(agg.auroc.std).toBeCloseTo(0.05, 14);
    expect(agg.auroc.undefinedSeeds).toBeUndefined();
    expect(agg.dice).toMatchObject({ n: 2, undefinedSeeds: [1] });
    expect(agg.dice.mean).toBeCloseTo(0.6, 14);
  });

  it('round-trips through JSON, NaN as null', async () => {
    const r = run('PRIOR', 'CheXpert', 0.01, [0.8, NaN, 0.9], { notes: ['class 2 undefined'] });
    const text = resultsToJson(r);
    expect(text).toContain('"auroc": null');
    expect(text).toContain('"format": "prior-eval/results@1"');
    const back = parseResults(text);
    expect(back.perSeed[1].metrics.auroc).toBeNaN();
    expect(back.seeds).toEqual([0, 1, 2]);
    expect(back.aggregate.auroc.mean).toBeCloseTo(0.85, 14);
    const store = memoryStore();
    await writeResults(store, 'runs/a.json', r);
    expect((await readResults(store, 'runs/a.json')).config).toEqual({ epochs: 10 });
  });

  it('rejects duplicate seeds, a missing primary metric and foreign files', () => {
    expect(() => run('PRIOR', 'X', 1, [])).toThrow(/no seeds/);
    expect(() => makeRunResult({ ...run('P', 'X', 1, [0.5]), perSeed: [{ seed: 1, metrics: { auroc: 1 } }, { seed: 1, metrics: { auroc: 1 } }] })).toThrow(/seed listed twice/);
    expect(() => makeRunResult({ ...run('P', 'X', 1, [0.5]), primaryMetric: 'dice' })).toThrow(/primary metric "dice" is in no seed/);
    expect(() => parseResults('{"format":"other"}', 'a.json')).toThrow('a.json: format must be "prior-eval/results@1", got "other"');
    expect(() => parseResults('nope', 'b.json')).toThrow(ReportError);
  });
});

describe('data-set fingerprints', () => {
  it('a file list hash ignores order and changes with a size or a name', async () => {
    const a = await fingerprintFileList('d', [{ path: 'a.png', size: 10 }, { path: 'b.png', size: 20 }]);
    const b = await fingerprintFileList('d', [{ path: 'b.png', size: 20 }, { path: 'a.png', size: 10 }]);
    const c = await fingerprintFileList('d', [{ path: 'a.png', size: 11 }, { path: 'b.png', size: 20 }]);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).not.toBe(c.sha256);
    expect(a).toMatchObject({ count: 2, bytes: 30, kind: 'file-list' });
    // sha256 of "a.png\t10\nb.png\t20\n" (printf 'a.png\t10\nb.png\t20\n' | sha256sum)
    expect(a.sha256).toBe('cb1a0efe082b6c7d2a4277f979a87222543316cb8d30b83ba9a0e3d688aa4536');
  });

  it('a directory on disk equals the list of its files; a split file hashes its bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-fp-'));
    try {
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'x.txt'), 'hello');
      writeFileSync(join(dir, 'sub', 'y.bin'), new Uint8Array(7));
      const d = await fingerprintDirectory('tmp', dir);
      const l = await fingerprintFileList('tmp', [{ path: 'sub/y.bin', size: 7 }, { path: 'x.txt', size: 5 }]);
      expect(d.sha256).toBe(l.sha256);
      expect(d.source).toBe(dir);
    } finally {
      rmSync(dir, { recursive: true });
    }
    const store = memoryStore(new Map([['splits/5x200.csv', new TextEncoder().encode('id,split\na,test\nb,test\n')]]));
    const s = await fingerprintSplitFile('5x200', store, 'splits/5x200.csv');
    expect(s).toMatchObject({ kind: 'split-file', count: 2, source: 'splits/5x200.csv' });
  });
});

describe('Markdown tables', () => {
  const results = [
    run('PRIOR', 'CheXpert', 0.1, [0.88, 0.881, 0.879]),
    run('PRIOR', 'CheXpert', 0.01, [0.876, 0.87, 0.88]),
    run('random init', 'CheXpert', 0.01, [0.7, 0.72, 0.69]),
    run('PRIOR', 'RSNA', 0.01, [0.9, 0.91]),
    run('random init', 'RSNA', 0.01, [0.92, 0.93]),
  ];
  it('rows = methods, columns = data set × fraction (ascending), best in bold, missing as a dash', () => {
    expect(resultsTable(results)).toBe(
      [
        '| Method | CheXpert 1% | CheXpert 10% | RSNA 1% |',
        '| --- | :---: | :---: | :---: |',
        '| PRIOR | **87.5 ± 0.5** | 88.0 ± 0.1 | 90.5 ± 0.7 |',
        '| random init | 70.3 ± 1.5 | — | **92.5 ± 0.7** |',
        '',
      ].join('\n'),
    );
  });
  it('honours method order, another metric, digits and lower-is-better', () => {
    const t = resultsTable(results, { methods: ['random init', 'PRIOR', 'ConVIRT'], metric: 'accuracy', digits: 2, lowerIsBetter: true });
    expect(t.split('\n')[2]).toBe('| random init | **60.33 ± 1.53** | — | 82.50 ± 0.71 |');
    expect(t.split('\n')[4]).toBe('| ConVIRT | — | — | — |');
  });
  it('refuses two results for one cell', () => {
    expect(() => resultsTable([results[0], results[0]])).toThrow(/two results for PRIOR on CheXpert 10%/);
  });
  it('a report has sections, the metric, notes, images and the data fingerprints', () => {
    const md = markdownReport('SynthCXR evaluation', [
      { title: 'Linear probe', results: [results[1], run('random init', 'CheXpert', 0.01, [0.7], { notes: ['1 seed only'] })] },
      { title: 'Zero-shot', text: 'Prompts: "<Class> is observed".', images: [{ path: 'roc.png', caption: 'ROC, 5x200' }] },
    ]);
    expect(md).toContain('# SynthCXR evaluation');
    expect(md).toContain('| random init | 70.0 |\n');
    expect(md).toContain('Metric: auroc; seeds per cell: 3, 1.');
    expect(md).toContain('- random init, CheXpert 1%: 1 seed only');
    // A note shared by several fractions of one method and data set is listed once.
    const fractions = (method: string, notes: string[]) => [0.01, 0.1, 1].map((f) => run(method, 'COVIDx', f, [0.8], { notes }));
    const shared = markdownReport('t', [{ title: 'Probe', results: [...fractions('PRIOR', ['frozen encoder']), ...fractions('random init', [])] }]);
    expect(shared).toContain('- PRIOR, COVIDx 1%, 10%, 100%: frozen encoder\n');
    expect(shared.match(/frozen encoder/g)?.length).toBe(1);
    // One that every result of the table carries is said once, without a method.
    const all = markdownReport('t', [{ title: 'Probe', results: [...fractions('PRIOR', ['frozen encoder', 'only PRIOR']), ...fractions('random init', ['frozen encoder'])] }]);
    expect(all).toContain('Notes:\n\n- frozen encoder\n- PRIOR, COVIDx 1%, 10%, 100%: only PRIOR\n');
    expect(all.match(/frozen encoder/g)?.length).toBe(1);
    expect(md).toContain('![ROC, 5x200](roc.png)');
    expect(md).toContain('| synth-chexpert | split-file | 1000 | `abababababababab` |');
  });
});

describe('PNG plots', () => {
  const colorAt = (img: { data: Float32Array; width: number }, x: number, y: number) => [0, 1, 2].map((c) => Math.round(img.data[(y * img.width + x) * 3 + c] * 255));
  const hasColor = (img: { data: Float32Array }, rgb: readonly number[]) => {
    for (let i = 0; i < img.data.length; i += 3) if ([0, 1, 2].every((c) => Math.round(img.data[i + c] * 255) === rgb[c])) return true;
    return false;
  };

  it('ROC plot: an RGB PNG with every curve colour, white margins and a black frame', () => {
    const c1 = rocCurve([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.9]);
    const png = rocPlot([{ label: 'Edema', ...c1, auc: 0.89 }, { label: 'Effusion', fpr: [0, 0.5, 1], tpr: [0, 0.9, 1] }], { title: 'ROC', size: 200 });
    const img = decodePng(png, 'roc.png');
    expect([img.width, img.height, img.channels]).toEqual([70 + 200 + 20, 40 + 200 + 62, 3]);
    expect(colorAt(img, 1, 1)).toEqual([255, 255, 255]);
    expect(colorAt(img, 70 + 200, 40 + 150)).toEqual([0, 0, 0]); // right edge of the frame, below every curve
    expect(hasColor(img, PALETTE[0])).toBe(true);
    expect(hasColor(img, PALETTE[1])).toBe(true);
    expect(() => rocPlot([])).toThrow(/no curves/);
    expect(() => rocPlot([{ label: 'x', fpr: [0], tpr: [0, 1] }])).toThrow(/matching fpr\/tpr/);
  });

  it('bar chart: bar heights follow the values, NaN draws no bar', () => {
    const png = barChart(['A', 'B'], [{ name: 'm', values: [0.5, NaN], errors: [0.1, 0] }], { yRange: [0, 1], width: 200, height: 100 });
    const img = decodePng(png, 'bar.png');
    const top = 14 + 20 + 12; // title-less: 14 + one legend row (14 + 6) + 12
    const left = 80;
    // Group A spans x 80–180; its bar is centred there and fills y from 0.5 (mid-height) down.
    expect(colorAt(img, left + 50, top + 75)).toEqual([...PALETTE[0]]);
    expect(colorAt(img, left + 50, top + 25)).not.toEqual([...PALETTE[0]]);
    expect(colorAt(img, left + 150, top + 75)).toEqual([255, 255, 255]);
    expect(() => barChart(['A'], [{ name: 'm', values: [1, 2] }])).toThrow(/2 values for 1 categories/);
  });

  it('text measures 6 pixels per character per scale, less the last gap', () => {
    expect(Canvas.textWidth('AUC', 2)).toBe((3 * 6 - 1) * 2);
    const c = new Canvas(20, 10);
    c.text(0, 0, 'I');
    expect(Array.from(c.data.slice((0 * 20 + 2) * 3, (0 * 20 + 2) * 3 + 3))).toEqual([0, 0, 0]); // top bar of 'I'
    expect(c.toPng().slice(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]));
  });
});
