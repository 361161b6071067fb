import { describe, expect, it } from 'vitest';
import { bootstrapCi, makeRunResult, parseResults, resampleMetrics, resultsTable, resultsToJson, seedIntervals, seedMeanIntervals } from '../src/index.js';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('seed bootstrap intervals', () => {
  const cases = [0.1, 0.9, 0.4, 0.4, 0.7, 0.2, 0.8, 0.5];

  it('per seed: the same interval as bootstrapCi on the same draws, every metric from one resample', () => {
    const r = resampleMetrics(cases, (s) => ({ mean: mean(s), max: Math.max(...s) }), { resamples: 300, seed: 3 })!;
    const ref = bootstrapCi(cases, mean, { resamples: 300, seed: 3 });
    const got = seedIntervals(r)!;
    expect(got.mean.lower).toBeCloseTo(ref.lower, 12);
    expect(got.mean.upper).toBeCloseTo(ref.upper, 12);
    expect(got.mean).toMatchObject({ level: 0.95, resamples: 300, dropped: 0 });
    // The max of a resample never exceeds the max of the cases.
    expect(got.max.upper).toBeLessThanOrEqual(0.9);
  });

  it('seed mean: resample b averaged over seeds; NaN left out of that average; paired draws across seeds', () => {
    const a = { stats: { m: Float64Array.from([0, 1, 2, 3, 4]) }, level: 0.5 };
    const b = { stats: { m: Float64Array.from([4, 3, 2, 1, 0]) }, level: 0.5 };
    expect(seedMeanIntervals([a, b])!.m).toMatchObject({ lower: 2, upper: 2, resamples: 5 });
    const c = { stats: { m: Float64Array.from([NaN, 1, 2, 3, 4]) }, level: 0.5 };
    const d = { stats: { m: Float64Array.from([8, 1, 2, 3, 4]) }, level: 0.5 };
    // Means [8, 1, 2, 3, 4]: quartiles 2 and 4.
    expect(seedMeanIntervals([c, d])!.m).toMatchObject({ lower: 2, upper: 4 });
    // Two seeds scoring the same cases identically: the pooled interval is the seed's own.
    const one = resampleMetrics(cases, (s) => ({ mean: mean(s) }), { resamples: 200 })!;
    const two = resampleMetrics([...cases], (s) => ({ mean: mean(s) }), { resamples: 200 })!;
    expect(seedMeanIntervals([one, two])!.mean).toEqual(seedIntervals(one)!.mean);
    expect(() => seedMeanIntervals([a, { stats: { m: new Float64Array(3) }, level: 0.5 }])).toThrow(/5 resamples in every seed/);
  });

  it('off with 0 resamples; bad options named', () => {
    expect(resampleMetrics(cases, (s) => ({ m: mean(s) }), { resamples: 0 })).toBeNull();
    expect(seedIntervals(null)).toBeUndefined();
    expect(seedMeanIntervals([null, null])).toBeUndefined();
    expect(() => resampleMetrics(cases, (s) => ({ m: mean(s) }), { resamples: 2.5 })).toThrow(/resamples/);
    expect(() => resampleMetrics(cases, (s) => ({ m: mean(s) }), { level: 1 })).toThrow(/level/);
  });

  it('tables print the interval of the mean after mean ± std; JSON keeps it, NaN as null', () => {
    const r = makeRunResult({
      task: 'zero-shot',
      method: 'PRIOR',
      dataset: 'CheXpert 5x200',
      primaryMetric: 'accuracy',
      config: {},
      perSeed: [
        { seed: 0, metrics: { accuracy: 0.72 }, intervals: { accuracy: { lower: 0.69, upper: 0.75, level: 0.95 } } },
        { seed: 1, metrics: { accuracy: 0.74 } },
      ],
      intervals: { accuracy: { lower: 0.7, upper: 0.76, level: 0.95 }, f1: { lower: NaN, upper: NaN, level: 0.95 } },
      fingerprints: [],
    });
    expect(resultsTable([r]).split('\n')[2]).toBe('| PRIOR | 73.0 ± 1.4 [70.0, 76.0] |');
    expect(resultsTable([r], { intervals: false }).split('\n')[2]).toBe('| PRIOR | 73.0 ± 1.4 |');
    const back = parseResults(resultsToJson(r));
    expect(back.intervals!.accuracy.upper).toBe(0.76);
    expect(back.intervals!.f1.lower).toBeNaN();
    expect(back.perSeed[0].intervals!.accuracy.lower).toBe(0.69);
  });
});

describe('rank AUROC (the bootstrap inner loop)', () => {
  it('equals the curve AUROC and multiLabelAuroc’s macro on random data with ties and undefined classes', async () => {
    const { auroc, multiLabelAuroc, rankAuroc, rankMacroAuroc, rowsOf } = await import('../src/index.js');
    let state = 12345;
    const rand = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + Math.floor(rand() * 40);
      const c = 3;
      // Scores on a coarse grid (ties); class 2 all negative in odd trials (undefined, left out).
      const scores = Array.from({ length: n * c }, () => Math.round(rand() * 6) / 6);
      const targets = Array.from({ length: n * c }, (_, i) => (i % c === 2 && trial % 2 ? 0 : rand() < 0.4 ? 1 : 0));
      for (let j = 0; j < c; j++) {
        const y = Array.from({ length: n }, (_, i) => targets[i * c + j]);
        const s = Array.from({ length: n }, (_, i) => scores[i * c + j]);
        const want = auroc(y, s).value;
        if (Number.isNaN(want)) expect(rankAuroc(y, s)).toBeNaN();
        else expect(rankAuroc(y, s)).toBeCloseTo(want, 12);
      }
      const macro = multiLabelAuroc(rowsOf(targets, c), rowsOf(scores, c)).macro;
      expect(rankMacroAuroc(targets, scores, c)).toBeCloseTo(macro, 12);
    }
  });
});
