import { beforeAll, describe, expect, it } from 'vitest';
import { type RetrievalData, PixelCache, mimicRetrieval, randomInitEncoder, runRetrieval } from '../../src/index.js';
import { constantEncoder, oracleEncoder } from './oracle.js';
import { type World, tinyWorld } from './fixture.js';

describe('image-to-text retrieval', () => {
  let w: World;
  let data: RetrievalData;
  const cache = new PixelCache();
  beforeAll(async () => {
    w = await tinyWorld();
    // The tiny MIMIC tree has few held-out studies: use every split.
    data = await mimicRetrieval(w.mimic, { splits: ['train', 'validate', 'test'], perClass: 6 });
  });

  it('builds a 5-class set of images with their own reports', () => {
    expect(data.images.length).toBe(data.candidates.length);
    expect(new Set(data.images.map((x) => x.label)).size).toBeGreaterThanOrEqual(3);
    data.images.forEach((x, i) => expect(data.candidates[i].label).toBe(x.label));
  });

  it('runs end to end with a tiny random PRIOR encoder, on reports and on sentences', async () => {
    const enc = randomInitEncoder(w.config);
    const r = await runRetrieval(data, enc, { preprocess: w.pre, tokenizer: w.tokenizer, maxTextLength: 64, seeds: 2, perClass: 2, cache });
    expect(r.result.primaryMetric).toBe('precision@1');
    for (const k of [1, 5, 10]) expect(r.result.aggregate[`precision@${k}`].mean).toBeGreaterThanOrEqual(0);
    expect(r.examples.length).toBeGreaterThan(0);
    expect(r.examples[0].top.length).toBe(3);
    const s = await runRetrieval(data, enc, { preprocess: w.pre, tokenizer: w.tokenizer, maxTextLength: 64, seeds: 1, candidates: 'sentences', cache });
    expect(s.result.perSeed[0].metrics.candidates).toBeGreaterThan(r.result.perSeed[0].metrics.candidates);
  });

  it('an oracle encoder retrieves only same-class reports; a constant one is at the class share', async () => {
    const pixels = await cache.loadAll(data.store, data.images.map((x) => x.path), w.pre);
    const labels = data.images.map((x) => data.classNames.map((_, k) => (k === x.label ? 1 : 0)));
    // Report texts do not name their class reliably; the oracle reads the class from a tag.
    const tagged: RetrievalData = { ...data, candidates: data.candidates.map((c) => ({ ...c, sentences: [...c.sentences, `CLASS=${data.classNames[c.label]}`] })) };
    const oracle = await oracleEncoder({ pixels, labels, classNames: data.classNames, size: w.pre.size });
    const oracleText = { ...oracle, encodeTexts: (t: Parameters<typeof oracle.encodeTexts>[0]) => oracle.encodeTexts({ ...t, texts: t.texts?.map((x) => x.slice(x.lastIndexOf('CLASS=') + 6)) }) };
    const good = await runRetrieval(tagged, oracleText, { preprocess: w.pre, tokenizer: w.tokenizer, maxTextLength: 64, seeds: 2, ks: [1, 2], cache });
    expect(good.result.aggregate['precision@1'].mean).toBeGreaterThan(0.95);
    const bad = await runRetrieval(data, constantEncoder(), { preprocess: w.pre, tokenizer: w.tokenizer, maxTextLength: 64, seeds: 1, ks: [1], cache });
    const counts = data.classNames.map((_, k) => data.images.filter((x) => x.label === k).length);
    expect(bad.result.aggregate['precision@1'].mean).toBeLessThanOrEqual(Math.max(...counts) / data.images.length + 1e-9);
    // Intervals of Precision@K over the queries: the seed mean's brackets its point value.
    for (const r of [good.result, bad.result]) {
      const ci = r.intervals!['precision@1'];
      expect(ci.lower).toBeLessThanOrEqual(r.aggregate['precision@1'].mean + 1e-12);
      expect(ci.upper).toBeGreaterThanOrEqual(r.aggregate['precision@1'].mean - 1e-12);
    }
    expect(bad.result.intervals!['precision@1'].upper).toBeGreaterThan(bad.result.intervals!['precision@1'].lower);
  });

  it('a set without qualifying studies is refused by name, with what was expected', async () => {
    const none = await mimicRetrieval(w.mimic, { splits: ['no-such-split'] });
    expect(none.images).toEqual([]);
    await expect(runRetrieval(none, randomInitEncoder(w.config), { preprocess: w.pre, tokenizer: w.tokenizer })).rejects.toThrow(
      /runRetrieval: data "MIMIC 5x200" has 0 images and 0 candidate texts; expected at least one of each \(MIMIC-CXR studies in split\(s\) no-such-split with .*; 0 studies are in those splits\)/,
    );
  });
});
