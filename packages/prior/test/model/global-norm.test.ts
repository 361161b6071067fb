/**
 * model.globalNorm = 'batchnorm': both global vectors leave the model centred on the
 * batch in training (the shared component that let the global space collapse is gone),
 * and normalised with running statistics at evaluation, so an image's vector does not
 * depend on what else is in its batch.
 */
import { describe, expect, it } from 'vitest';
import { Generator, narrow } from '@prior/tensor';
import { PriorModel } from '../../src/index.js';
import { maxDiff } from '../support.js';
import { makeBatch, textOf, tinyConfig } from './support.js';

/** Largest |column mean| of a [B, D] matrix. */
async function largestColumnMean(x: { data(): Promise<ArrayLike<number>>; shape: readonly number[] }): Promise<number> {
  const [b, d] = x.shape;
  const v = await x.data();
  let worst = 0;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < b; i++) s += v[i * d + j];
    worst = Math.max(worst, Math.abs(s / b));
  }
  return worst;
}

describe('globalNorm', () => {
  it("'batchnorm' centres both global vectors on the batch in training", async () => {
    const config = tinyConfig();
    expect(config.model.globalNorm).toBe('batchnorm');
    const model = new PriorModel(config, { generator: new Generator(2) });
    const batch = makeBatch(config, [3, 2, 4, 2], 5);
    const img = model.imageEncoder.forward(batch.images).global;
    const txt = model.sentencePool.forward(model.textEncoder.forward(batch).sentences, batch.sentenceCounts);
    expect(await largestColumnMean(img)).toBeLessThan(1e-5);
    expect(await largestColumnMean(txt)).toBeLessThan(1e-5);
    const keys = [...model.stateDict().keys()];
    expect(keys).toEqual(expect.arrayContaining(['image_encoder.global_norm.running_mean', 'sentence_pool.global_norm.running_var']));
  });

  it("'batchnorm' uses running statistics at evaluation: one image encodes alone as in a batch", async () => {
    const config = tinyConfig();
    const model = new PriorModel(config, { generator: new Generator(2) });
    const batch = makeBatch(config, [3, 2, 4], 6);
    model.imageEncoder.forward(batch.images); // one training-mode pass moves the running statistics
    model.eval();
    const all = model.encodeImage(batch.images).global;
    const one = model.encodeImage(narrow(batch.images, 0, 1, 1)).global;
    const row = await narrow(all, 0, 1, 1).data();
    expect(row.length).toBe(config.model.embedDim);
    expect(maxDiff(row, await one.data())).toBeLessThan(1e-5);
    const rep = model.encodeReport(textOf(batch)).global;
    expect(rep.shape).toEqual([3, config.model.embedDim]);
  });

  it("'none' adds no normalisation (the paper preset's choice)", () => {
    const model = new PriorModel(tinyConfig({ model: { globalNorm: 'none' } }), { generator: new Generator(2) });
    expect(model.imageEncoder.globalNorm).toBeNull();
    expect(model.sentencePool.globalNorm).toBeNull();
    expect([...model.stateDict().keys()].filter((k) => k.includes('global_norm'))).toEqual([]);
  });
});
