/** The model's building blocks on hand-made inputs: sentence means, real-slot moves, pooling, region order. */
import { describe, expect, it } from 'vitest';
import * as A from '@prior/autograd';
import { Generator, arange, randn, reshape, tensor } from '@prior/tensor';
import { PriorModel, SentenceAttentionPool, featureMapSide, gatherReal, mapToTokens, scatterReal, sentenceMeans, tokensToMap } from '../../src/index.js';
import { maxDiff } from '../support.js';
import { makeBatch, smallConfig } from './support.js';

describe('sentenceMeans', () => {
  it('averages each sentence’s tokens and ignores index −1', async () => {
    // One report: CLS, s0, s0, s1, SEP, pad; token states are 1..6 in one feature.
    const tokens = reshape(tensor([1, 2, 3, 4, 5, 6], { dtype: 'float64' }), [1, 6, 1]);
    const index = tensor([[-1, 0, 0, 1, -1, -1]], { dtype: 'int32' });
    expect(Array.from(await sentenceMeans(tokens, index, 3).data())).toEqual([2.5, 4, 0]);
  });
});

describe('real sentence slots', () => {
  it('gather the real rows and scatter them back with zero padding', async () => {
    const x = reshape(arange(0, 2 * 3 * 2, 1, { dtype: 'float32' }), [2, 3, 2]);
    const real = gatherReal(x, [2, 1]);
    expect(Array.from(await real.data())).toEqual([0, 1, 2, 3, 6, 7]);
    expect(Array.from(await scatterReal(real, [2, 1], 3).data())).toEqual([0, 1, 2, 3, 0, 0, 6, 7, 0, 0, 0, 0]);
  });
});

describe('SentenceAttentionPool', () => {
  it('does not depend on what padding slots hold', async () => {
    const pool = new SentenceAttentionPool(8, 2, { generator: new Generator(1) });
    const real = randn([1, 2, 8], { generator: new Generator(2) });
    const padA = A.concat([real, randn([1, 3, 8], { generator: new Generator(3) })], 1);
    const padB = A.concat([real, randn([1, 3, 8], { generator: new Generator(4) })], 1);
    const a = await pool.forward(padA, [2]).data();
    const b = await pool.forward(padB, [2]).data();
    const bare = await pool.forward(real, [2]).data();
    expect(maxDiff(a, b)).toBeLessThan(1e-6);
    expect(maxDiff(a, bare)).toBeLessThan(1e-6);
  });
});

describe('region tokens', () => {
  it('are the feature map permuted, not viewed: token r is position (r / w, r % w)', async () => {
    // Channel c at (i, j) holds 100c + 10i + j.
    const c = 3, h = 2, w = 4;
    const map = tensor(Float32Array.from({ length: c * h * w }, (_, k) => 100 * Math.floor(k / (h * w)) + 10 * Math.floor((k % (h * w)) / w) + (k % w)), { shape: [1, c, h, w] });
    const tokens = await mapToTokens(map).data();
    for (let r = 0; r < h * w; r++) for (let ch = 0; ch < c; ch++) expect(tokens[r * c + ch]).toBe(100 * ch + 10 * Math.floor(r / w) + (r % w));
    expect(Array.from(await tokensToMap(mapToTokens(map), h, w).data())).toEqual(Array.from(await map.data()));
  });

  it('of the model are the projection of the backbone map at their own place', async () => {
    const config = smallConfig();
    const model = new PriorModel(config, { generator: new Generator(5) }).eval();
    const { images } = makeBatch(config, [2], 6);
    const enc = model.encodeImage(images);
    const [, ch, h, w] = enc.featureMap.shape;
    expect(enc.regions.shape).toEqual([1, h * w, config.model.embedDim]);
    const fmap = await enc.featureMap.data();
    const regions = await enc.regions.data();
    for (const [i, j] of [[0, 0], [0, w - 1], [h - 1, 0], [h - 1, w - 1]]) {
      const feature = tensor(Float32Array.from({ length: ch }, (_, k) => fmap[k * h * w + i * w + j]), { shape: [1, ch] });
      const projected = await model.imageEncoder.regionProj.forward(feature).data();
      const r = i * w + j;
      expect(maxDiff(projected, regions.subarray(r * config.model.embedDim, (r + 1) * config.model.embedDim))).toBeLessThan(1e-5);
    }
  });

  it('respond to a bright quadrant most inside it', async () => {
    const config = smallConfig();
    const model = new PriorModel(config, { generator: new Generator(7) }).eval();
    const side = config.model.imageEncoder.imageSize;
    const base = new Float32Array(side * side);
    const bright = base.slice();
    const q = side / 2;
    for (let y = 0; y < q; y++) for (let x = side - q; x < side; x++) bright[y * side + x] = 4; // top-right quadrant
    const enc = (px: Float32Array) => model.encodeImage(tensor(px, { shape: [1, 1, side, side] })).regions.data();
    const [a, b] = [await enc(base), await enc(bright)];
    const d = config.model.embedDim;
    const change = Array.from({ length: a.length / d }, (_, r) => {
      let s = 0;
      for (let k = 0; k < d; k++) s += Math.abs(a[r * d + k] - b[r * d + k]);
      return s;
    });
    const w = featureMapSide(config.model.imageEncoder);
    const top = change.indexOf(Math.max(...change));
    expect([Math.floor(top / w) < w / 2, top % w >= w / 2]).toEqual([true, true]); // a region of the top-right quadrant
  });
});
