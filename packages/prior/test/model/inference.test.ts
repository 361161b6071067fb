/** Shapes of every output for the tiny preset, and the determinism of the inference API. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Generator, type Tensor } from '@prior/tensor';
import { LOSS_TERMS, PriorModel, featureMapSide, regionCount, resolveConfig } from '../../src/index.js';
import { maxDiff } from '../support.js';
import { makeBatch, smallConfig, textOf, tinyConfig } from './support.js';

describe('the tiny preset', () => {
  const config = tinyConfig();
  const d = config.model.embedDim;
  const r = regionCount(config.model.imageEncoder);
  const counts = [3, 1];
  let model: PriorModel;
  beforeAll(() => {
    model = new PriorModel(config, { generator: new Generator(1) });
  });

  it('trains stage 3 with every term a finite scalar, and reports prototype usage', async () => {
    const res = await model.trainStep(makeBatch(config, counts, 2), config.stages[2], { generator: new Generator(3) });
    expect(Object.keys(res.terms).sort()).toEqual([...LOSS_TERMS].sort());
    for (const t of [res.total, ...Object.values(res.terms) as Tensor[]]) {
      expect(t.size).toBe(1);
      expect(Number.isFinite((await t.data())[0])).toBe(true);
    }
    expect(res.stats.protoUsage).toBeGreaterThanOrEqual(1);
    expect(res.stats.protoUsage).toBeLessThanOrEqual(4); // 4 real sentences
  });

  it('encodes images, reports and prompts with the documented shapes', async () => {
    model.eval();
    const batch = makeBatch(config, counts, 4);
    const img = model.encodeImage(batch.images);
    const side = featureMapSide(config.model.imageEncoder); // 4 at the preset's output stride 16
    expect(img.global.shape).toEqual([2, d]);
    expect(img.regions.shape).toEqual([2, r, d]);
    expect(img.featureMap.shape).toEqual([2, config.model.imageEncoder.width * 8, side, side]);
    const rep = model.encodeReport(textOf(batch));
    expect(rep.global.shape).toEqual([2, d]);
    expect(rep.sentences.shape).toEqual([2, 3, d]);
    expect(Array.from(await rep.sentenceMask.data())).toEqual([1, 1, 1, 1, 0, 0]);
    const norms = await img.global.mul(img.global).sum(-1).data();
    norms.forEach((n) => expect(n).toBeCloseTo(1, 5));
    expect(model.encodePrompt(textOf(makeBatch(config, [1, 1, 1], 5))).shape).toEqual([3, d]);
    expect(model.similarity(img.global, rep.global).shape).toEqual([2, 2]);
    const att = model.localAttention(batch.images, textOf(batch));
    expect(att.shape).toEqual([2, 3, r]);
    const a = await att.data();
    expect(a.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(Array.from(a.subarray(4 * r))).toEqual(new Array(2 * r).fill(0)); // report 1's two padding sentences
  });
});

describe('the inference API in eval mode', () => {
  const config = smallConfig();
  const model = new PriorModel(config, { generator: new Generator(6) }).eval();
  const batch = makeBatch(config, [2, 4, 1], 7);

  it('gives the same encodings twice (no Gumbel noise, no dropout)', async () => {
    const once = async () => {
      const img = model.encodeImage(batch.images);
      const rep = model.encodeReport(textOf(batch));
      return Promise.all([img.global, img.regions, rep.global, rep.sentences, model.encodePrompt(textOf(batch)), model.localAttention(batch.images, textOf(batch))].map((t) => t.data()));
    };
    const [a, b] = [await once(), await once()];
    a.forEach((v, i) => expect(maxDiff(v, b[i]), `output ${i}`).toBe(0));
  });

  it('similarity is exp(logit scale) times the cosine', async () => {
    const img = model.encodeImage(batch.images).global;
    const s = await model.similarity(img, img).data();
    const scale = Math.exp((await model.logitScale.value.data())[0]);
    for (let i = 0; i < 3; i++) expect(s[i * 3 + i] / scale).toBeCloseTo(1, 5);
  });

  it('draws Gumbel noise in training, from the given generator', async () => {
    // Without dropout, the generator's Gumbel noise is the only randomness of the stage-2 L_proto.
    const model = new PriorModel(resolveConfig(config, { model: { textEncoder: { dropout: 0 } } }), { generator: new Generator(6) });
    const stage = { ...config.stages[1], lossWeights: { ...config.stages[1].lossWeights, glob: 0, locImg: 0, locTxt: 0 } };
    const proto = async (seed: number) => (await (await model.trainStep(batch, stage, { generator: new Generator(seed), stats: false })).terms.proto!.data())[0];
    expect(await proto(1)).toBe(await proto(1));
    expect(await proto(1)).not.toBe(await proto(2));
    model.eval();
    expect(await proto(1)).toBe(await proto(2));
  });
});
