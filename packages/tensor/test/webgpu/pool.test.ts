import { describe, expect, it } from 'vitest';
import type { Backend, Pool2dParams } from '../../src/backend.js';
import { pool2dOutHW } from '../../src/conv-shape.js';
import { cpu, gpu } from '../support/backends.js';
import { type Layout, expectClose, freeAll, randomValues, readBoth, rng, upload } from './kernel-views.js';

const g = gpu as Backend;
const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

function params(p: Partial<Pool2dParams> & { kernel: [number, number] }): Pool2dParams {
  return {
    kernel: p.kernel,
    stride: p.stride ?? p.kernel,
    padding: p.padding ?? [0, 0],
    dilation: p.dilation ?? [1, 1],
    ceilMode: p.ceilMode ?? false,
    countIncludePad: p.countIncludePad ?? true,
  };
}

/** Values drawn from a few levels so windows often hold tied maxima. */
function tiedValues(n: number, rand: () => number): number[] {
  return Array.from({ length: n }, () => Math.floor(rand() * 4) / 4);
}

async function checkMax(xShape: number[], pp: Partial<Pool2dParams> & { kernel: [number, number] }, seed: number, opts: { ties?: boolean; lx?: Layout } = {}): Promise<void> {
  const rand = rng(seed);
  const p = params(pp);
  const [n, c, h, w] = xShape;
  const [ho, wo] = pool2dOutHW(h, w, p);
  const yShape = [n, c, ho, wo];
  const x = upload(cpu, g, xShape, (opts.ties ? tiedValues : randomValues)(size(xShape), rand), opts.lx);
  const cRes = cpu.maxPool2d(x.cpu, p);
  const gRes = g.maxPool2d(x.gpu, p);
  const vals = await readBoth(cpu, g, cRes.values, gRes.values, yShape);
  expectClose(vals.got, vals.want, 1, `maxPool2d values ${JSON.stringify(pp)}`);
  // Keep the index storages for the backward pass, then compare them.
  const strides = yShape.map((_, d) => yShape.slice(d + 1).reduce((a, b) => a * b, 1));
  const ci = { storage: cRes.indices, dtype: 'int32' as const, shape: yShape, strides, offset: 0 };
  const gi = { storage: gRes.indices, dtype: 'int32' as const, shape: yShape, strides, offset: 0 };
  expect(Array.from(await g.read(gi))).toEqual(Array.from(await cpu.read(ci)));

  const dy = upload(cpu, g, yShape, randomValues(size(yShape), rand), { flip: [3] });
  const dx = await readBoth(cpu, g, cpu.maxPool2dBackward(dy.cpu, ci, xShape), g.maxPool2dBackward(dy.gpu, gi, xShape), xShape);
  expectClose(dx.got, dx.want, p.kernel[0] * p.kernel[1], `maxPool2dBackward ${JSON.stringify(pp)}`);
  // Given the window geometry, the GPU gathers per input pixel instead of walking planes.
  const gathered = await readBoth(cpu, g, cpu.maxPool2dBackward(dy.cpu, ci, xShape, p), g.maxPool2dBackward(dy.gpu, gi, xShape, p), xShape);
  expectClose(gathered.got, gathered.want, p.kernel[0] * p.kernel[1], `maxPool2dBackward gather ${JSON.stringify(pp)}`);
  cpu.free(cRes.indices);
  g.free(gRes.indices);
  freeAll([x, dy], cpu, g);
}

async function checkAvg(xShape: number[], pp: Partial<Pool2dParams> & { kernel: [number, number] }, seed: number, lx?: Layout): Promise<void> {
  const rand = rng(seed);
  const p = params(pp);
  const [n, c, h, w] = xShape;
  const [ho, wo] = pool2dOutHW(h, w, p);
  const yShape = [n, c, ho, wo];
  const x = upload(cpu, g, xShape, randomValues(size(xShape), rand), lx);
  const y = await readBoth(cpu, g, cpu.avgPool2d(x.cpu, p), g.avgPool2d(x.gpu, p), yShape);
  const k = p.kernel[0] * p.kernel[1];
  expectClose(y.got, y.want, k, `avgPool2d ${JSON.stringify(pp)}`);
  const dy = upload(cpu, g, yShape, randomValues(size(yShape), rand), { order: [0, 2, 3, 1] });
  const dx = await readBoth(cpu, g, cpu.avgPool2dBackward(dy.cpu, xShape, p), g.avgPool2dBackward(dy.gpu, xShape, p), xShape);
  expectClose(dx.got, dx.want, k, `avgPool2dBackward ${JSON.stringify(pp)}`);
  freeAll([x, dy], cpu, g);
}

async function checkAdaptive(xShape: number[], outHW: [number, number], seed: number, lx?: Layout): Promise<void> {
  const rand = rng(seed);
  const yShape = [xShape[0], xShape[1], ...outHW];
  const x = upload(cpu, g, xShape, randomValues(size(xShape), rand), lx);
  const y = await readBoth(cpu, g, cpu.adaptiveAvgPool2d(x.cpu, outHW), g.adaptiveAvgPool2d(x.gpu, outHW), yShape);
  const k = Math.ceil(xShape[2] / outHW[0] + 1) * Math.ceil(xShape[3] / outHW[1] + 1);
  expectClose(y.got, y.want, k, `adaptiveAvgPool2d ${outHW}`);
  const dy = upload(cpu, g, yShape, randomValues(size(yShape), rand), { step: 2 });
  const dx = await readBoth(cpu, g, cpu.adaptiveAvgPool2dBackward(dy.cpu, xShape), g.adaptiveAvgPool2dBackward(dy.gpu, xShape), xShape);
  expectClose(dx.got, dx.want, k, `adaptiveAvgPool2dBackward ${outHW}`);
  freeAll([x, dy], cpu, g);
}

describe.skipIf(!gpu)('webgpu max pooling', () => {
  it('windows, strides, padding and dilation', async () => {
    await checkMax([2, 3, 8, 9], { kernel: [2, 2] }, 1);
    await checkMax([1, 2, 9, 7], { kernel: [3, 2], stride: [2, 1], padding: [1, 1] }, 2);
    await checkMax([2, 2, 11, 10], { kernel: [3, 3], stride: [2, 3], padding: [1, 0], dilation: [2, 3] }, 3, { lx: { order: [0, 2, 3, 1] } });
  });
  it('ceil mode, including a last window that starts in the padding', async () => {
    await checkMax([1, 3, 7, 7], { kernel: [2, 2], ceilMode: true }, 4);
    await checkMax([2, 1, 6, 9], { kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceilMode: true }, 5, { lx: { flip: [2] } });
    await checkMax([1, 2, 5, 8], { kernel: [2, 3], stride: [3, 2], dilation: [2, 1], ceilMode: true }, 6);
  });
  it('first maximum wins on ties; overlapping windows add their gradients', async () => {
    await checkMax([2, 2, 9, 9], { kernel: [3, 3], stride: [1, 1], padding: [1, 1] }, 7, { ties: true });
    await checkMax([1, 3, 10, 8], { kernel: [4, 3], stride: [2, 2], ceilMode: true }, 8, { ties: true });
  });
  it('propagates NaN and reports its index', async () => {
    // Windows (2×2, stride 2): NaN first; no NaN; NaN after a larger value.
    const x = upload(cpu, g, [1, 1, 2, 6], [1, NaN, 5, 6, 9, NaN, 2, 0, 3, 7, 1, 2]);
    const p = params({ kernel: [2, 2] });
    const res = g.maxPool2d(x.gpu, p);
    const v = await g.read({ storage: res.values, dtype: 'float32', shape: [3], strides: [1], offset: 0 });
    const ix = await g.read({ storage: res.indices, dtype: 'int32', shape: [3], strides: [1], offset: 0 });
    expect([Number.isNaN(v[0]), v[1], Number.isNaN(v[2])]).toEqual([true, 7, true]);
    expect(Array.from(ix)).toEqual([1, 9, 5]);
    g.free(res.values);
    g.free(res.indices);
    freeAll([x], cpu, g);
  });
});

describe.skipIf(!gpu)('webgpu average pooling', () => {
  it('with and without counting padding', async () => {
    await checkAvg([2, 3, 8, 9], { kernel: [2, 2] }, 11);
    await checkAvg([1, 2, 9, 7], { kernel: [3, 3], stride: [2, 1], padding: [1, 1] }, 12);
    await checkAvg([1, 2, 9, 7], { kernel: [3, 3], stride: [2, 1], padding: [1, 1], countIncludePad: false }, 13, { step: 2 });
  });
  it('ceil mode windows that overhang the padding', async () => {
    await checkAvg([2, 2, 7, 6], { kernel: [3, 2], stride: [2, 2], padding: [1, 1], ceilMode: true }, 14);
    await checkAvg([1, 3, 5, 8], { kernel: [2, 3], stride: [2, 2], ceilMode: true, countIncludePad: false }, 15);
    await checkAvg([1, 1, 10, 10], { kernel: [4, 4], stride: [3, 3], padding: [2, 1], ceilMode: true }, 16, { flip: [3] });
  });
});

describe.skipIf(!gpu)('webgpu adaptive average pooling', () => {
  it('shrinking, identity, growing and uneven windows', async () => {
    await checkAdaptive([2, 3, 7, 9], [3, 4], 21);
    await checkAdaptive([1, 2, 5, 5], [5, 5], 22, { order: [0, 2, 3, 1] });
    await checkAdaptive([1, 2, 3, 4], [7, 6], 23);
    await checkAdaptive([2, 1, 10, 13], [1, 1], 24);
    await checkAdaptive([1, 1, 11, 7], [4, 3], 25);
  });
});
