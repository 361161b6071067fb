/**
 * runEvaluation's segmentation and detection: SIIM and RSNA trees written by
 * writeEvalSynthCxr, two methods, label fractions and seeds, results with intervals,
 * overlays and box pictures in the report. Plumbing on a tiny random encoder.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVAL_TASKS, parseResults, resolveTasks, runEvaluation, writeEvalSynthCxr } from '../../src/index.js';
import { tinyConfig } from '../tasks/fixture.js';
import { randomAndGlobalOnly } from './methods.js';

describe('runEvaluation: segmentation and detection', () => {
  it("'all' and the default include segmentation and detection", () => {
    for (const tasks of [undefined, ['all'] as const, ['zero-shot', 'all'] as const]) {
      expect(resolveTasks(tasks)).toEqual(expect.arrayContaining(['linear-probe', 'fine-tune', 'zero-shot', 'retrieval', 'segmentation', 'detection']));
    }
    expect(EVAL_TASKS).toContain('segmentation');
    expect(EVAL_TASKS).toContain('detection');
    expect(() => resolveTasks(['segmentaton' as 'segmentation'])).toThrow(/tasks: expected names from .*segmentation.*'all', got "segmentaton"/);
  });

  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prior-eval-dense-'));
    await writeEvalSynthCxr(join(dir, 'data'), {
      chexpert: { train: 0, valid: 0, perClass: 1 },
      covidx: { train: 0, test: 0 },
      mimicSubjects: 0,
      siim: { count: 16, positiveFraction: 0.5 },
      rsna: { count: 16, positiveFraction: 0.5 },
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs SIIM and RSNA segmentation and RSNA detection per method, fraction and seed, with intervals and pictures', async () => {
    const config = tinyConfig(64);
    const lines: string[] = [];
    const summary = await runEvaluation({
      dataDir: join(dir, 'data'),
      outDir: join(dir, 'out'),
      methods: randomAndGlobalOnly(config, 'global-only'),
      tasks: ['segmentation', 'detection'],
      config,
      fractions: [0.5],
      seeds: [3, 4],
      bootstrap: { resamples: 20 },
      segmentation: { stepsPerRound: 2, maxRounds: 1, overlayImages: 2 },
      detection: { stepsPerRound: 2, maxRounds: 1, pictureImages: 2 },
      onProgress: (l) => lines.push(l),
    });
    // 2 methods × (SIIM + RSNA segmentation + RSNA detection).
    expect(summary.results.length).toBe(6);
    expect(summary.skipped).toEqual([]);
    expect(summary.results.map((r) => `${r.task} ${r.dataset} ${r.method} ${r.labelFraction}`)).toEqual([
      'segmentation SIIM random init 0.5', 'segmentation SIIM global-only 0.5', 'segmentation RSNA random init 0.5', 'segmentation RSNA global-only 0.5',
      'detection RSNA random init 0.5', 'detection RSNA global-only 0.5',
    ]);
    for (const r of summary.results) {
      expect(r.seeds).toEqual([3, 4]);
      const m = r.task === 'segmentation' ? 'dice' : 'map';
      expect(r.intervals?.[m]).toMatchObject({ level: 0.95, resamples: 20 });
      expect(r.perSeed[1].intervals?.[m]).toBeDefined();
      // The defaults of EVAL_DENSE_DEFAULTS, overridden where given.
      expect(r.config).toMatchObject({ stepsPerRound: 2, maxRounds: 1, patience: 2 });
    }
    expect(summary.results.find((r) => r.task === 'segmentation')!.config).toMatchObject({ maxUpBlocks: 0, maxWidth: 8, loss: { bceWeight: 0.2 }, lr: 3e-3 });
    expect(lines.filter((l) => / seed \d: (dice|mAP) /.test(l)).length).toBe(12);
    const report = await readFile(join(dir, 'out', summary.reportPath), 'utf8');
    for (const s of ['## Semantic segmentation (Dice)', '## Semantic segmentation (IoU)', '## Object detection (mAP)', 'SIIM 50%', 'RSNA 50%', '| global-only |']) expect(report).toContain(s);
    expect(report).toContain('](figures/segmentation/segmentation-SIIM-random_init-frac0.5.png)');
    expect(report).toContain('](figures/detection/detection-RSNA-global-only-frac0.5.png)');
    expect((await readdir(join(dir, 'out', 'figures', 'segmentation'))).length).toBe(4);
    expect((await readdir(join(dir, 'out', 'figures', 'detection'))).length).toBe(2);
    const one = parseResults(await readFile(join(dir, 'out', summary.resultFiles.find((f) => f.includes('detection'))!), 'utf8'));
    expect(one.fingerprints[0].name).toMatch(/RSNA: stage_2_train_labels.csv/);
    expect(Object.keys(summary.seconds)).toEqual(['segmentation SIIM', 'segmentation RSNA', 'detection RSNA']);
  });
});
