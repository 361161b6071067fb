import { describe, expect, it } from 'vitest';
import * as A from '@prior/autograd';
import { Generator, type Tensor, ones, tensor } from '@prior/tensor';
import { maskChannels, maskRegions, maskTokens, maskedRegionCount } from '../src/index.js';
import { rnd, values } from './support.js';

describe('channel masking (the reference Dropout2d)', () => {
  it('zeroes whole channels per sample and rescales the rest by 1/(1 − p)', async () => {
    const x = rnd([3, 5, 8], 1);
    const { tokens, keep } = maskChannels(x, { p: 0.5, generator: new Generator(2) });
    expect(keep.shape).toEqual([3, 1, 8]);
    const k = await values(keep);
    const xv = await values(x);
    const tv = await values(tokens);
    for (let b = 0; b < 3; b++) for (let r = 0; r < 5; r++) for (let d = 0; d < 8; d++) {
      const i = (b * 5 + r) * 8 + d;
      expect(tv[i]).toBeCloseTo(xv[i] * k[b * 8 + d] * 2, 14);
    }
    expect(k.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('masks about p of the channels, reproducibly from the seed', async () => {
    const x = ones([64, 1, 64], { dtype: 'float32' });
    const a = await values(maskChannels(x, { p: 0.3, generator: new Generator(5) }).keep);
    const b = await values(maskChannels(x, { p: 0.3, generator: new Generator(5) }).keep);
    expect(a).toEqual(b);
    const masked = a.filter((v) => v === 0).length / a.length;
    expect(masked).toBeGreaterThan(0.25);
    expect(masked).toBeLessThan(0.35);
  });

  it('passes gradients to kept channels only, scaled', async () => {
    const x = rnd([2, 3, 4], 3);
    const g = await values(A.grad((t: Tensor) => A.sum(maskChannels(t, { p: 0.5, generator: new Generator(7) }).tokens))(x) as Tensor);
    const k = await values(maskChannels(x, { p: 0.5, generator: new Generator(7) }).keep);
    g.forEach((v, i) => expect(v).toBe(2 * k[Math.floor(i / 12) * 4 + (i % 4)]));
  });
});

describe('region masking', () => {
  it('hides exactly round(p·R) whole regions in every sample, different ones per sample', async () => {
    const x = rnd([6, 49, 4], 4);
    const { tokens, keep } = maskRegions(x, { p: 0.5, generator: new Generator(1) });
    expect(keep.shape).toEqual([6, 49, 1]);
    const k = await values(keep);
    const rows: string[] = [];
    for (let b = 0; b < 6; b++) {
      const row = k.slice(b * 49, (b + 1) * 49);
      expect(row.filter((v) => v === 0).length).toBe(maskedRegionCount(49, 0.5));
      rows.push(row.join(''));
    }
    expect(new Set(rows).size).toBe(6);
    const xv = await values(x);
    const tv = await values(tokens);
    tv.forEach((v, i) => expect(v).toBe(xv[i] * k[Math.floor(i / 4)]));
  });

  it('picks each region about equally often', async () => {
    const { keep } = maskRegions(ones([400, 16, 1], { dtype: 'float32' }), { p: 0.25, generator: new Generator(3) });
    const k = await values(keep);
    for (let r = 0; r < 16; r++) {
      let masked = 0;
      for (let b = 0; b < 400; b++) masked += k[b * 16 + r] === 0 ? 1 : 0;
      expect(masked / 400).toBeGreaterThan(0.17);
      expect(masked / 400).toBeLessThan(0.33);
    }
  });

  it('rescales on request and masks nothing at p = 0', async () => {
    const x = ones([1, 4, 2], { dtype: 'float32' });
    expect(new Set(await values(maskRegions(x, { p: 0.5, rescale: true, generator: new Generator(1) }).tokens))).toEqual(new Set([0, 2]));
    expect(await values(maskRegions(x, { p: 0, generator: new Generator(1) }).tokens)).toEqual(Array(8).fill(1));
  });
});

describe('maskTokens', () => {
  it('follows the configured mode and rejects bad input', async () => {
    const x = rnd([2, 4, 3], 9);
    expect(maskTokens(x, { mode: 'channel', p: 0.5 }, new Generator(1)).keep.shape).toEqual([2, 1, 3]);
    expect(maskTokens(x, { mode: 'region', p: 0.5 }, new Generator(1)).keep.shape).toEqual([2, 4, 1]);
    expect(() => maskRegions(tensor([1, 2]), { p: 0.5 })).toThrow(/tokens must be \[B, R, D\], got \[2\]/);
    expect(() => maskChannels(x, { p: 1 })).toThrow(/p must be in \[0, 1\), got 1/);
  });
});
