import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BertTokenizer, CHEXPERT_5X200, trainWordPiece } from '@prior/datasets';
import { ENSEMBLE_TEMPLATES, classPrompts, parseResults, runEvaluation, writeEvalSynthCxr } from '../../src/index.js';
import { tinyConfig } from '../tasks/fixture.js';
import { randomAndGlobalOnly } from './methods.js';

describe('runEvaluation', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prior-eval-'));
    await writeEvalSynthCxr(join(dir, 'data'), { chexpert: { train: 30, valid: 16, perClass: 4 }, covidx: { train: 30, test: 15 }, mimicSubjects: 40, siim: { count: 0 }, rsna: { count: 0 } });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the classification and text tasks for two methods: results with intervals, figures, heatmaps and the report', async () => {
    const corpus = [...classPrompts(CHEXPERT_5X200, ENSEMBLE_TEMPLATES).texts, 'The heart size is normal.', 'There is a small left pleural effusion.'];
    const tokenizer = new BertTokenizer(trainWordPiece(corpus, { vocabSize: 200 }));
    const config = tinyConfig(tokenizer.vocab.size);
    const lines: string[] = [];
    const summary = await runEvaluation({
      dataDir: join(dir, 'data'),
      outDir: join(dir, 'out'),
      methods: randomAndGlobalOnly(config, 'global-only (random)'),
      tasks: ['linear-probe', 'fine-tune', 'zero-shot', 'retrieval'],
      config,
      tokenizer,
      bootstrap: { resamples: 50 },
      fractions: [0.1, 1],
      seeds: 2,
      fineTuneSeeds: 1,
      datasets: ['covidx'],
      probe: { maxEpochs: 10, validateEvery: 5 },
      fineTune: { maxEpochs: 1, batchSize: 16 },
      retrieval: { splits: ['train', 'validate', 'test'], perClass: 3 },
      onProgress: (l) => lines.push(l),
    });
    // 2 methods × (probe 2 fractions + fine-tune 2 fractions + zero-shot + retrieval).
    expect(summary.results.length).toBe(12);
    expect(summary.skipped).toEqual([]);
    expect(lines.length).toBe(12);
    const report = await readFile(join(dir, 'out', summary.reportPath), 'utf8');
    for (const s of ['## Linear probe', '## Full fine-tuning', '## Zero-shot classification', 'Precision@5', '| random init |', '| global-only (random) |', 'COVIDx 10%', 'COVIDx 100%', 'CheXpert 5x200', '## Retrieval examples', '## Data']) {
      expect(report).toContain(s);
    }
    const files = await readdir(join(dir, 'out', 'results'));
    expect(files.length).toBe(12);
    const one = parseResults(await readFile(join(dir, 'out', summary.resultFiles[0]), 'utf8'));
    expect(one.fingerprints.length).toBeGreaterThan(0);
    expect(one.perSeed.length).toBe(2);
    const figs = await readdir(join(dir, 'out', 'figures'));
    expect(figs.some((f) => f.startsWith('roc-linear-probe-covidx'))).toBe(true);
    const png = await readFile(join(dir, 'out', 'figures', figs.find((f) => f.endsWith('.png'))!));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    // The global-only model has no LAM: zero-shot says so.
    const zs = summary.results.find((r) => r.task === 'zero-shot' && r.method === 'global-only (random)')!;
    expect(zs.notes?.[0]).toMatch(/global similarity only/);
    // Every headline number has a bootstrap interval of its seed mean, and per seed.
    for (const r of summary.results) {
      const metrics = r.task === 'retrieval' ? ['precision@1', 'precision@5', 'precision@10'] : r.task === 'zero-shot' ? ['accuracy', 'f1'] : [r.primaryMetric];
      for (const m of metrics) {
        expect(r.intervals?.[m], `${r.task} ${r.method} ${m}`).toMatchObject({ level: 0.95, resamples: 50 });
        expect(r.intervals![m].lower).toBeLessThanOrEqual(r.intervals![m].upper);
        expect(r.perSeed[0].intervals?.[m]).toBeDefined();
      }
    }
    expect(report).toMatch(/\| random init \| \**\d+\.\d ± \d+\.\d \[\d+\.\d, \d+\.\d\]/);
    // Local alignment: drawn for the encoder with LAM, not for the global-only one.
    expect(report).toContain('## Local alignment (sentence → image regions)');
    expect(figs).toContain('heatmaps-random-init.png');
    expect(figs).not.toContain('heatmaps-global-only-random.png');
    expect(summary.seconds['retrieval']['random init']).toBeGreaterThan(0);
  });
});
