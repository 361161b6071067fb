import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ClassificationData, PixelCache, chexpertClassification, covidxClassification, randomInitEncoder, runClassification, targetRows,
} from '../../src/index.js';
import { constantEncoder, oracleEncoder } from './oracle.js';
import { type World, tinyWorld } from './fixture.js';

let w: World;
let chex: ClassificationData;
let covid: ClassificationData;
const cache = new PixelCache();

beforeAll(async () => {
  w = await tinyWorld();
  chex = await chexpertClassification(w.chexpert);
  covid = await covidxClassification(w.covidx);
});

async function oracleFor(data: ClassificationData) {
  const all = [...data.train, ...data.val, ...data.test];
  const pixels = await cache.loadAll(data.store, all.map((x) => x.path), w.pre);
  return oracleEncoder({ pixels, labels: targetRows(data.kind, all.map((x) => x.label), data.classNames.length), classNames: data.classNames, size: w.pre.size, noise: 0.1 });
}

describe('classification data', () => {
  it('splits train / validation / test without overlap and leaves the 5x200 images out', async () => {
    expect(chex.train.length).toBeGreaterThan(0);
    expect(chex.val.length).toBeGreaterThan(0);
    expect(chex.test.length).toBe(16);
    const ids = new Set(chex.train.map((x) => x.id));
    expect(chex.val.some((x) => ids.has(x.id))).toBe(false);
    expect(chex.kind).toBe('multi-label');
    expect(covid.kind).toBe('multi-class');
    expect(covid.test.length).toBeGreaterThan(0);
  });
});

describe('linear probe', () => {
  it('runs end to end with a tiny random PRIOR encoder at two fractions and two seeds', async () => {
    const runs = await runClassification(chex, { name: 'random init', create: (s) => randomInitEncoder(w.config, { seed: s }) }, {
      mode: 'linear-probe', preprocess: w.pre, fractions: [0.1, 1], seeds: 2, cache, probe: { maxEpochs: 20, validateEvery: 5 },
    });
    expect(runs.map((r) => r.result.labelFraction)).toEqual([0.1, 1]);
    for (const { result } of runs) {
      expect(result.task).toBe('linear-probe');
      expect(result.seeds).toEqual([0, 1]);
      expect(result.primaryMetric).toBe('auroc');
      const a = result.aggregate.auroc;
      expect(a.mean).toBeGreaterThanOrEqual(0);
      expect(a.mean).toBeLessThanOrEqual(1);
    }
    expect(runs[0].result.perSeed[0].metrics.trainExamples).toBeLessThan(runs[1].result.perSeed[0].metrics.trainExamples);
  });

  it('an oracle encoder scores near-perfectly, a constant one at chance (multi-label AUROC)', async () => {
    const [oracle] = await runClassification(chex, await oracleFor(chex), { mode: 'linear-probe', preprocess: w.pre, fractions: [1], seeds: 1, cache });
    const [constant] = await runClassification(chex, constantEncoder(), { mode: 'linear-probe', preprocess: w.pre, fractions: [1], seeds: 1, cache });
    expect(oracle.result.aggregate.auroc.mean).toBeGreaterThan(0.95);
    expect(constant.result.aggregate.auroc.mean).toBeCloseTo(0.5, 6);
    expect(oracle.roc.length).toBeGreaterThan(0);
  });

  it('an oracle encoder is near-perfect on multi-class accuracy, a constant one is not', async () => {
    const [oracle] = await runClassification(covid, await oracleFor(covid), { mode: 'linear-probe', preprocess: w.pre, fractions: [1], seeds: 1, cache });
    const [constant] = await runClassification(covid, constantEncoder(), { mode: 'linear-probe', preprocess: w.pre, fractions: [1], seeds: 1, cache });
    expect(oracle.result.aggregate.accuracy.mean).toBeGreaterThan(0.9);
    expect(constant.result.aggregate.auroc.mean).toBeCloseTo(0.5, 6);
    // A constant predictor can only name one class: at most the largest class's share.
    const counts = [0, 1, 2].map((k) => covid.test.filter((x) => x.label === k).length);
    expect(constant.result.aggregate.accuracy.mean).toBeLessThanOrEqual(Math.max(...counts) / covid.test.length + 1e-9);
  });
});

describe('fine-tuning', () => {
  it('trains a fresh random encoder per seed (multi-class) and refuses a bare encoder instance', async () => {
    const runs = await runClassification(covid, { name: 'random init', create: (s) => randomInitEncoder(w.config, { seed: s }) }, {
      mode: 'fine-tune', preprocess: w.pre, fractions: [1], seeds: 1, cache, fineTune: { maxEpochs: 2, batchSize: 8 },
    });
    const r = runs[0].result;
    expect(r.task).toBe('fine-tune');
    expect(r.primaryMetric).toBe('accuracy');
    expect(r.aggregate.accuracy.mean).toBeGreaterThanOrEqual(0);
    await expect(runClassification(covid, randomInitEncoder(w.config), { mode: 'fine-tune', preprocess: w.pre, seeds: 1 })).rejects.toThrow(/fresh weights/);
  });

  it('takes at least minStepsPerEpoch optimiser steps between validations when the labelled set is one batch', async () => {
    let trainingPasses = 0;
    const counting = (seed: number) => {
      const e = randomInitEncoder(w.config, { seed });
      let training = false;
      const train = e.train.bind(e);
      const encode = e.encodeImages.bind(e);
      e.train = (on: boolean) => ((training = on), train(on));
      e.encodeImages = (x) => ((trainingPasses += training ? 1 : 0), encode(x));
      return e;
    };
    const opts = { mode: 'fine-tune', preprocess: w.pre, fractions: [1], seeds: 1, cache } as const;
    await runClassification(covid, { name: 'counted', create: counting }, { ...opts, fineTune: { maxEpochs: 2, patience: 5, batchSize: 64, minStepsPerEpoch: 3 } });
    expect(covid.train.length).toBeLessThanOrEqual(64);
    expect(trainingPasses).toBe(2 * 3);
    trainingPasses = 0;
    await runClassification(covid, { name: 'counted', create: counting }, { ...opts, fineTune: { maxEpochs: 2, patience: 5, batchSize: 64, minStepsPerEpoch: 1 } });
    expect(trainingPasses).toBe(2);
  });
});
