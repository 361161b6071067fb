import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ZeroShotData, ENSEMBLE_TEMPLATES, PixelCache, averageByClass, chexpert5x200, classPrompts, combineZeroShotScores, randomInitEncoder, runZeroShot,
} from '../../src/index.js';
import { constantEncoder, oracleEncoder } from './oracle.js';
import { type World, tinyWorld } from './fixture.js';

describe('zero-shot score combination', () => {
  it('is softmax(global) + 0.5 softmax(local), row by row', () => {
    const g = [Math.log(1), Math.log(3), 0, 0];
    const l = [0, 0, Math.log(4), 0];
    const s = combineZeroShotScores(g, 2, l);
    // Row 0: global softmax [0.25, 0.75], local softmax [0.5, 0.5].
    expect(s[0]).toBeCloseTo(0.25 + 0.25, 12);
    expect(s[1]).toBeCloseTo(0.75 + 0.25, 12);
    // Row 1: global [0.5, 0.5], local [0.8, 0.2].
    expect(s[2]).toBeCloseTo(0.5 + 0.4, 12);
    expect(s[3]).toBeCloseTo(0.5 + 0.1, 12);
    // The local term can flip a decision the global one makes weakly.
    expect(combineZeroShotScores([0.1, 0], 2, [0, 5])[1]).toBeGreaterThan(combineZeroShotScores([0.1, 0], 2, [0, 5])[0]);
    expect(Array.from(combineZeroShotScores(g, 2))).toEqual(Array.from(combineZeroShotScores(g, 2, null)));
    expect(() => combineZeroShotScores(g, 2, [1])).toThrow(/local/);
  });

  it('averages prompt scores per class (ensembling)', () => {
    const { texts, classOf } = classPrompts(['Edema', 'Pleural Effusion'], ['{class} is observed', 'There is {class_lower}']);
    expect(texts).toEqual(['Edema is observed', 'There is edema', 'Pleural Effusion is observed', 'There is pleural effusion']);
    expect(Array.from(averageByClass([1, 3, 10, 20], 1, classOf, 2))).toEqual([2, 15]);
  });
});

describe('zero-shot task', () => {
  let w: World;
  let data: ZeroShotData;
  const cache = new PixelCache();
  beforeAll(async () => {
    w = await tinyWorld();
    data = await chexpert5x200(w.chexpert);
  });

  it('runs end to end with a tiny random PRIOR encoder (global + local attention)', async () => {
    const r = await runZeroShot(data, randomInitEncoder(w.config), { preprocess: w.pre, tokenizer: w.tokenizer, maxTextLength: 64, templates: ENSEMBLE_TEMPLATES, seeds: 2, cache });
    expect(data.images.length).toBe(20);
    expect(r.task).toBe('zero-shot');
    expect(r.seeds).toEqual([0, 1]);
    expect((r.config as { localWeight: number }).localWeight).toBe(0.5);
    for (const k of ['accuracy', 'f1', 'accuracy/global']) expect(r.aggregate[k].mean).toBeGreaterThanOrEqual(0);
    expect(r.notes).toBeUndefined();
  });

  it('an oracle encoder is near-perfect, a constant one is at chance (1/5)', async () => {
    const pixels = await cache.loadAll(data.store, data.images.map((x) => x.path), w.pre);
    const labels = data.images.map((x) => data.classNames.map((_, k) => (k === x.label ? 1 : 0)));
    const oracle = await oracleEncoder({ pixels, labels, classNames: data.classNames, size: w.pre.size });
    const good = await runZeroShot(data, oracle, { preprocess: w.pre, tokenizer: w.tokenizer, maxTextLength: 64, seeds: 3, cache });
    const bad = await runZeroShot(data, constantEncoder(), { preprocess: w.pre, tokenizer: w.tokenizer, maxTextLength: 64, seeds: 3, cache });
    expect(good.aggregate.accuracy.mean).toBeGreaterThan(0.95);
    expect(good.aggregate.f1.mean).toBeGreaterThan(0.95);
    expect(bad.aggregate.accuracy.mean).toBeCloseTo(0.2, 9);
    expect(bad.notes?.[0]).toMatch(/global similarity only/);
  });
});
