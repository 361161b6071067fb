/**
 * Test helpers for the WebGPU matmul/conv/pool/upsample kernel suites: random inputs
 * uploaded with the same (possibly strided) layout to the CPU backend (float64, the
 * oracle) and the WebGPU backend (float32), and a comparison whose tolerance grows with
 * the reduction length.
 */
import { expect } from 'vitest';
import type { Backend, View } from '../../src/backend.js';
import type { DType } from '../../src/dtype.js';

/** mulberry32: small seeded generator so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** float32-representable values in [-1, 1). */
export function randomValues(n: number, rand: () => number): number[] {
  return Array.from({ length: n }, () => Math.fround(2 * rand() - 1));
}

/**
 * How a logical tensor is laid out in its storage: `order` lists logical dims from
 * outermost to innermost in memory (default row-major), `step` spaces the innermost
 * stored dim (2 = every other element), `offset` skips leading junk elements, and
 * `flip` lists dims stored back to front (negative strides).
 */
export interface Layout {
  order?: number[];
  step?: number;
  offset?: number;
  flip?: number[];
}

export interface Pair {
  cpu: View;
  gpu: View;
  values: number[];
}

/** Uploads `values` (row-major for `shape`) to both backends with the same layout. */
export function upload(cpuBe: Backend, gpuBe: Backend, shape: number[], values: number[], layout: Layout = {}, dtype: DType = 'float32'): Pair {
  const r = shape.length;
  const order = layout.order ?? [...Array(r).keys()];
  const step = layout.step ?? 1;
  const strides = new Array<number>(r).fill(0);
  let acc = step;
  for (let i = r - 1; i >= 0; i--) {
    strides[order[i]] = acc;
    acc *= Math.max(1, shape[order[i]]);
  }
  let offset = layout.offset ?? 0;
  for (const d of layout.flip ?? []) {
    offset += strides[d] * (shape[d] - 1);
    strides[d] = -strides[d];
  }
  const span = offset + acc + 1;
  const store = new Array<number>(span).fill(dtype === 'float32' ? 1e30 : 123456);
  const idx = new Array<number>(r).fill(0);
  for (let i = 0; i < values.length; i++) {
    let rem = i;
    for (let d = r - 1; d >= 0; d--) {
      idx[d] = rem % shape[d];
      rem = Math.floor(rem / shape[d]);
    }
    store[offset + idx.reduce((s, c, d) => s + c * strides[d], 0)] = values[i];
  }
  const cpuDt: DType = dtype === 'float32' ? 'float64' : dtype;
  const mk = (be: Backend, dt: DType): View => {
    const data = dt === 'float64' ? Float64Array.from(store) : dt === 'float32' ? Float32Array.from(store) : Int32Array.from(store);
    const s = be.upload(data, dt);
    return { storage: s, dtype: dt, shape, strides, offset };
  };
  return { cpu: mk(cpuBe, cpuDt), gpu: mk(gpuBe, dtype), values };
}

/** A broadcast view: dims listed in `dims` get stride 0 and size from `shape`. */
export function expandDims(v: View, shape: number[], dims: number[]): View {
  return { ...v, shape, strides: v.strides.map((s, d) => (dims.includes(d) ? 0 : s)) };
}

export async function readBoth(cpuBe: Backend, gpuBe: Backend, c: View['storage'], g: View['storage'], shape: number[]): Promise<{ want: Float64Array | Int32Array; got: Float32Array | Int32Array }> {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const want = (await cpuBe.read({ storage: c, dtype: c.dtype, shape, strides, offset: 0 })) as Float64Array | Int32Array;
  const got = (await gpuBe.read({ storage: g, dtype: g.dtype, shape, strides, offset: 0 })) as Float32Array | Int32Array;
  cpuBe.free(c);
  gpuBe.free(g);
  return { want, got };
}

/**
 * f32 result vs f64 oracle: |got − want| ≤ atol + tolPerTerm · reduceLen · scale, where
 * scale is the largest |want| (at least 1) — the usual bound for a sum of reduceLen
 * rounded terms of that magnitude.
 */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, reduceLen = 1, what = ''): void {
  expect(got.length).toBe(want.length);
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  const tol = 1e-6 + 2.4e-7 * Math.max(1, reduceLen) * scale;
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (Number.isNaN(w) ? !Number.isNaN(g) : !(Math.abs(g - w) <= tol)) {
      throw new Error(`${what}: element ${i} of ${want.length}: got ${g}, want ${w} (tol ${tol.toExponential(2)})`);
    }
  }
}

export function freeAll(pairs: Pair[], cpuBe: Backend, gpuBe: Backend): void {
  for (const p of pairs) {
    cpuBe.free(p.cpu.storage);
    gpuBe.free(p.gpu.storage);
  }
}
