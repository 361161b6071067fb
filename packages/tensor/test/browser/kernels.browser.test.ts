/**
 * Every kernel family, WebGPU against the CPU oracle, at the Backend-interface level,
 * inside headless Chromium (navigator.gpu, SwiftShader). Inputs include strided,
 * broadcast (stride 0) and offset views, as the front end hands them to kernels.
 */
import { afterAll, describe, expect, test, vi } from 'vitest';
import type { Backend, Conv2dParams, Pool2dParams, RandomParams, Storage, View } from '../../src/backend.js';
import { conv2dOutHW, pool2dOutHW } from '../../src/conv-shape.js';
import { convertArray, type DType, type TypedArray } from '../../src/dtype.js';
import { contiguousStrides, sizeOf } from '../../src/shape.js';
import { forceMatmulVariant } from '../../src/backends/webgpu/tuning/matmul-variant.js';
import type { WebGPUBackend } from '../../src/backends/webgpu/index.js';
import { cpu, gpu } from '../support/backends.js';
import { recordDispatchKeys } from '../support/dispatch-keys.js';

/** A view described on the host: the storage's elements plus shape/strides/offset into it. */
interface Spec {
  data: number[];
  dtype: DType;
  shape: number[];
  strides?: number[];
  offset?: number;
}

/** Deterministic values in [lo, hi) (a small LCG; the test must not depend on Math.random). */
function values(n: number, seed: number, lo = -2, hi = 2): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((s >>> 8) / 2 ** 24) * (hi - lo);
  });
}

function dense(shape: number[], seed: number, dtype: DType = 'float32', lo = -2, hi = 2): Spec {
  return { data: values(sizeOf(shape), seed, lo, hi), dtype, shape };
}

/** The transpose of a dense [rows, cols] storage: shape [cols, rows], strides [1, cols]. */
function transposed(rows: number, cols: number, seed: number): Spec {
  return { data: values(rows * cols, seed), dtype: 'float32', shape: [cols, rows], strides: [1, cols] };
}

const live: Array<[Backend, Storage]> = [];

function put(b: Backend, s: Spec): View {
  const storage = b.upload(convertArray(s.data, s.dtype), s.dtype);
  live.push([b, storage]);
  return { storage, dtype: s.dtype, shape: s.shape, strides: s.strides ?? contiguousStrides(s.shape), offset: s.offset ?? 0 };
}

function asView(storage: Storage, shape: readonly number[]): View {
  return { storage, dtype: storage.dtype, shape, strides: contiguousStrides(shape), offset: 0 };
}

/** Runs `kernel` on both backends with the same host inputs and reads the result back. */
async function both(
  inputs: Spec[],
  outShape: readonly number[],
  kernel: (b: Backend, ...views: View[]) => Storage,
): Promise<{ got: TypedArray; want: TypedArray }> {
  const run = async (b: Backend) => {
    const out = kernel(b, ...inputs.map((s) => put(b, s)));
    live.push([b, out]);
    return b.read(asView(out, outShape));
  };
  return { got: await run(gpu!), want: await run(cpu) };
}

/** f32 on the GPU against the oracle; `terms` scales the tolerance with reduction length. */
function expectClose(got: TypedArray, want: TypedArray, terms = 1): void {
  expect(got.length).toBe(want.length);
  const tol = 1e-5 * Math.max(1, terms);
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    if (Number.isNaN(w)) {
      expect(got[i], `element ${i}`).toBeNaN();
      continue;
    }
    const err = Math.abs(got[i] - w);
    if (err > tol * (1 + Math.abs(w))) expect.fail(`element ${i}: webgpu ${got[i]} vs cpu ${w} (tolerance ${tol})`);
  }
}

const same = (got: TypedArray, want: TypedArray) => expect(Array.from(got)).toEqual(Array.from(want));

afterAll(() => {
  for (const [b, s] of live) b.free(s);
});

describe.skipIf(!gpu)('WebGPU kernels match the CPU oracle in Chromium', () => {
  test('the backend runs on the browser adapter', () => {
    const info = gpu!.info();
    expect(info.backend).toBe('webgpu');
    console.log(`[browser] WebGPU backend on: ${info.name}`);
  });

  test('unary on a transposed view', async () => {
    const x = transposed(5, 7, 1);
    for (const op of ['exp', 'tanh', 'gelu', 'sigmoid', 'erf', 'log1p'] as const) {
      const input = op === 'log1p' ? { ...x, data: x.data.map(Math.abs) } : x;
      const { got, want } = await both([input], x.shape, (b, v) => b.unary(op, v, 'float32'));
      expectClose(got, want, 4);
    }
  });

  test('cast float32 → int32, isnan and logical not', async () => {
    const x = dense([4, 6], 2, 'float32', -5, 5);
    const c = await both([x], x.shape, (b, v) => b.unary('identity', v, 'int32'));
    same(c.got, c.want);
    const withNaN = { ...x, data: x.data.map((v, i) => (i % 5 === 0 ? NaN : v)) };
    const nan = await both([withNaN], x.shape, (b, v) => b.unary('isnan', v, 'bool'));
    same(nan.got, nan.want);
    const flags = { data: x.data.map((v) => (v > 0 ? 1 : 0)), dtype: 'bool' as const, shape: x.shape };
    const not = await both([flags], x.shape, (b, v) => b.unary('not', v, 'bool'));
    same(not.got, not.want);
  });

  test('binary with broadcasting (stride 0) and an element offset', async () => {
    const a = dense([2, 3, 4], 3);
    // b: a row of 4 taken at offset 2 of a longer storage, broadcast over [2, 3].
    const b = { data: values(8, 4), dtype: 'float32' as const, shape: [2, 3, 4], strides: [0, 0, 1], offset: 2 };
    for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const) {
      const { got, want } = await both([a, b], a.shape, (be, x, y) => be.binary(op, x, y, 'float32'));
      expectClose(got, want);
    }
    const pos = { ...a, data: a.data.map((v) => Math.abs(v) + 0.1) };
    const p = await both([pos, b], a.shape, (be, x, y) => be.binary('pow', x, y, 'float32'));
    expectClose(p.got, p.want, 8);
    for (const op of ['lt', 'ge', 'eq'] as const) {
      const { got, want } = await both([a, b], a.shape, (be, x, y) => be.binary(op, x, y, 'bool'));
      same(got, want);
    }
  });

  test('where with a broadcast condition', async () => {
    const cond = { data: [1, 0, 1], dtype: 'bool' as const, shape: [4, 3], strides: [0, 1] };
    const a = dense([4, 3], 5);
    const b = { data: [7], dtype: 'float32' as const, shape: [4, 3], strides: [0, 0] };
    const { got, want } = await both([cond, a, b], [4, 3], (be, c, x, y) => be.where(c, x, y, 'float32'));
    same(got, want);
  });

  test('copyInto a strided destination', async () => {
    const src = transposed(3, 4, 6); // [4, 3]
    const run = async (be: Backend) => {
      const dst = be.full(4 * 6, -1, 'float32');
      live.push([be, dst]);
      // Every other column of a [4, 6] buffer.
      be.copyInto(put(be, src), { storage: dst, dtype: 'float32', shape: [4, 3], strides: [6, 2], offset: 1 });
      return be.read(asView(dst, [4, 6]));
    };
    same(await run(gpu!), await run(cpu));
  });

  test('reductions over several axes, max and argmax', async () => {
    const x = dense([3, 5, 6], 7);
    const sum = await both([x], [5], (b, v) => b.reduce('sum', v, [0, 2], 'float32'));
    expectClose(sum.got, sum.want, 18);
    const max = await both([x], [3, 6], (b, v) => b.reduce('max', v, [1], 'float32'));
    same(max.got, max.want);
    const arg = await both([x], [3, 6], (b, v) => b.reduce('argmax', v, [1], 'int32'));
    same(arg.got, arg.want);
    const prod = await both([x], [3, 5], (b, v) => b.reduce('prod', v, [2], 'float32'));
    expectClose(prod.got, prod.want, 6);
  });

  test('batched matmul with a transposed right operand', async () => {
    const [B, M, K, N] = [2, 9, 13, 5];
    const a = dense([B, M, K], 8);
    // b stored as [B, N, K] and read as [B, K, N] without a copy.
    const bT = { data: values(B * N * K, 9), dtype: 'float32' as const, shape: [B, K, N], strides: [N * K, 1, K] };
    const { got, want } = await both([a, bT], [B, M, N], (be, x, y) => be.matmul(x, y, 'float32'));
    expectClose(got, want, K);
  });

  const conv: Conv2dParams = { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 };
  const xShape = [2, 4, 7, 6];
  const wShape = [6, 2, 3, 2];
  const [oh, ow] = conv2dOutHW(7, 6, 3, 2, conv);
  const yShape = [2, 6, oh, ow];
  const taps = 2 * 3 * 2;

  test('conv2d with stride, padding, dilation, groups and bias', async () => {
    const { got, want } = await both([dense(xShape, 10), dense(wShape, 11), dense([6], 12)], yShape, (b, x, w, bias) =>
      b.conv2d(x, w, bias, conv),
    );
    expectClose(got, want, taps);
  });

  test('conv2d backward: input and weight gradients', async () => {
    const dy = dense(yShape, 13);
    const dx = await both([dy, dense(wShape, 11)], xShape, (b, d, w) => b.conv2dBackwardInput(d, w, xShape, conv));
    expectClose(dx.got, dx.want, taps);
    const dw = await both([dense(xShape, 10), dy], wShape, (b, x, d) => b.conv2dBackwardWeight(x, d, wShape, conv));
    expectClose(dw.got, dw.want, 2 * oh * ow);
  });

  // The texture kernels (tiles taken from a work counter) on another adapter than
  // lavapipe: shapes that leave partial tiles and more tiles than one workgroup row.
  test('texture-variant matmul and convolutions (work-counter tiles)', async () => {
    forceMatmulVariant('texture');
    const keys = recordDispatchKeys((gpu as WebGPUBackend).rt);
    try {
      const [M, K, N] = [70, 37, 150];
      const mm = await both([dense([M, K], 14), dense([K, N], 15)], [M, N], (b, x, y) => b.matmul(x, y, 'float32'));
      expectClose(mm.got, mm.want, K);
      const c: Conv2dParams = { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 };
      const [xs, ws, ys] = [[2, 8, 9, 9], [12, 8, 3, 3], [2, 12, 9, 9]];
      const y = await both([dense(xs, 16), dense(ws, 17)], ys, (b, x, w) => b.conv2d(x, w, null, c));
      expectClose(y.got, y.want, 72);
      const dx = await both([dense(ys, 18), dense(ws, 17)], xs, (b, d, w) => b.conv2dBackwardInput(d, w, xs, c));
      expectClose(dx.got, dx.want, 108);
      const dw = await both([dense(xs, 16), dense(ys, 18)], ws, (b, x, d) => b.conv2dBackwardWeight(x, d, ws, c));
      expectClose(dw.got, dw.want, 162);
      for (const k of ['gemm-tex:', 'conv-tex:conv2d:', 'conv-tex:conv2dBackwardInput', 'conv-tex-dw:']) expect(keys.some((x) => x.startsWith(k)), k).toBe(true);
    } finally {
      forceMatmulVariant(null);
      vi.restoreAllMocks();
    }
  });

  const pool: Pool2dParams = { kernel: [3, 2], stride: [2, 2], padding: [1, 1], dilation: [1, 1], ceilMode: true, countIncludePad: false };
  const px = [2, 3, 7, 5];
  const pOut = [2, 3, ...pool2dOutHW(7, 5, pool)];

  test('maxPool2d values, indices and backward', async () => {
    const run = async (b: Backend) => {
      const { values: v, indices } = b.maxPool2d(put(b, dense(px, 14)), pool);
      live.push([b, v], [b, indices]);
      const dx = b.maxPool2dBackward(put(b, dense(pOut, 15)), asView(indices, pOut), px);
      live.push([b, dx]);
      return [await b.read(asView(v, pOut)), await b.read(asView(indices, pOut)), await b.read(asView(dx, px))];
    };
    const [g, w] = [await run(gpu!), await run(cpu)];
    same(g[0], w[0]);
    same(g[1], w[1]);
    expectClose(g[2], w[2], 4);
  });

  test('avgPool2d and its backward (ceil mode, padding excluded)', async () => {
    const y = await both([dense(px, 16)], pOut, (b, x) => b.avgPool2d(x, pool));
    expectClose(y.got, y.want, 6);
    const dx = await both([dense(pOut, 17)], px, (b, d) => b.avgPool2dBackward(d, px, pool));
    expectClose(dx.got, dx.want, 6);
  });

  test('adaptiveAvgPool2d and its backward', async () => {
    const y = await both([dense(px, 18)], [2, 3, 3, 2], (b, x) => b.adaptiveAvgPool2d(x, [3, 2]));
    expectClose(y.got, y.want, 12);
    const dx = await both([dense([2, 3, 3, 2], 19)], px, (b, d) => b.adaptiveAvgPool2dBackward(d, px));
    expectClose(dx.got, dx.want, 4);
  });

  test('upsample2d nearest and bilinear (both align_corners) and backward', async () => {
    const x = dense([1, 2, 3, 4], 20);
    const yShape2 = [1, 2, 7, 9];
    for (const [mode, align] of [['nearest', false], ['bilinear', false], ['bilinear', true]] as const) {
      const y = await both([x], yShape2, (b, v) => b.upsample2d(v, mode, [7, 9], align));
      expectClose(y.got, y.want, 4);
      const dx = await both([dense(yShape2, 21)], x.shape, (b, d) => b.upsample2dBackward(d, mode, x.shape, align));
      expectClose(dx.got, dx.want, 16);
    }
  });

  test('gather and scatterAdd along an inner dim', async () => {
    const x = dense([3, 5, 4], 22);
    const idx = { data: [4, 0, 2, 2, 1, 3, 0, 4, 3, 1, 1, 0, 2, 4, 0, 3, 3, 2, 1, 0, 4, 4, 2, 1], dtype: 'int32' as const, shape: [3, 2, 4] };
    const g = await both([x, idx], idx.shape, (b, v, i) => b.gather(v, 1, i));
    same(g.got, g.want);
    const src = dense(idx.shape, 23);
    const s = await both([x, idx, src], x.shape, (b, base, i, v) => b.scatterAdd(base, 1, i, v));
    expectClose(s.got, s.want, 3);
  });

  test('random streams are identical across backends', async () => {
    const p = (kind: RandomParams['kind']): RandomParams => ({ kind, key: [0x1234abcd, 42], counter: [0xfffffffe, 7] });
    const size = 1031; // odd, and crosses the 32-bit counter carry
    const bits = await both([], [size], (b) => b.random(size, p('bits'), 'int32'));
    same(bits.got, bits.want);
    const uni = await both([], [size], (b) => b.random(size, p('uniform'), 'float32'));
    same(uni.got, uni.want);
    const nrm = await both([], [size], (b) => b.random(size, p('normal'), 'float32'));
    // Box–Muller goes through WGSL cos/sin, whose spec allows 2^-11 absolute error.
    expectClose(nrm.got, nrm.want, 100);
  });
});
