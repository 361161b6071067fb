/** imageEncoder.outputStride: the final map's resolution, and everything sized from it. */
import { describe, expect, it } from 'vitest';
import * as A from '@prior/autograd';
import { Generator } from '@prior/tensor';
import { ConfigError, PriorModel, parseConfig, regionCount, resolveConfig, stageOutputStrides, stageStrides } from '../../src/index.js';
import { makeBatch, smallConfig } from './support.js';

const withStride = (outputStride: 8 | 16 | 32) => {
  const c = smallConfig();
  c.model.imageEncoder.outputStride = outputStride;
  return parseConfig(c);
};

describe('imageEncoder.outputStride', () => {
  it('keeps the last stages at their input resolution', () => {
    expect(stageStrides({})).toEqual([1, 2, 2, 2]);
    expect(stageOutputStrides({})).toEqual([4, 8, 16, 32]);
    expect(stageOutputStrides({ outputStride: 16 })).toEqual([4, 8, 16, 16]);
    expect(stageOutputStrides({ outputStride: 8 })).toEqual([4, 8, 8, 8]);
    expect([32, 16, 8].map((s) => regionCount({ imageSize: 64, outputStride: s as 8 | 16 | 32 }))).toEqual([4, 16, 64]);
  });

  it('is validated by the config schema, naming the field', () => {
    const c = smallConfig() as unknown as { model: { imageEncoder: Record<string, unknown> } };
    c.model.imageEncoder.outputStride = 12;
    let err: unknown;
    try {
      parseConfig(c);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).toContain('model.imageEncoder.outputStride');
    expect(resolveConfig('tiny', { model: { imageEncoder: { outputStride: 16 } } }).model.imageEncoder.outputStride).toBe(16);
  });

  it('sizes the region grid and the reconstruction decoder; stage 3 trains end to end', async () => {
    for (const [stride, side] of [
      [8, 8],
      [16, 4],
    ] as const) {
      const config = withStride(stride);
      const model = new PriorModel(config, { generator: new Generator(1) });
      const batch = makeBatch(config, [2, 3], 1);
      const f = model.imageEncoder.forward(batch.images);
      expect(f.featureMap.shape).toEqual([2, 64, side, side]);
      expect(f.regions.shape).toEqual([2, side * side, config.model.embedDim]);
      // log2(stride) ×2 blocks bring the decoder back to the 64-px input.
      expect(model.imageDecoder!.blocks.length).toBe(Math.log2(stride));
      const r = await model.trainStep(batch, config.stages[2], { generator: new Generator(2) });
      expect(Object.keys(r.terms)).toContain('recImg');
      for (const [term, t] of Object.entries(r.terms)) expect(Number.isFinite((await t.data())[0]), term).toBe(true);
      A.backward(r.total);
      expect(model.imageEncoder.backbone.stages[3].parameters().every((p) => p.grad !== null)).toBe(true);
    }
  });
});
