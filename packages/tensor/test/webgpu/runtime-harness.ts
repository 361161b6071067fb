/**
 * Backend-level comparison of the WebGPU kernels against the CPU backend: the same
 * storage contents are uploaded to both, viewed through the same (possibly strided,
 * flipped, offset or broadcast) layout, and the kernel outputs compared elementwise.
 */
import { expect } from 'vitest';
import type { Backend, Storage, View } from '../../src/backend.js';
import type { DType, TypedArray } from '../../src/dtype.js';
import { convertArray } from '../../src/dtype.js';
import { sizeOf } from '../../src/shape.js';

export type LayoutKind = 'contiguous' | 'offset' | 'transposed' | 'flipped' | 'padded' | 'broadcast';
export const LAYOUTS: LayoutKind[] = ['contiguous', 'offset', 'transposed', 'flipped', 'padded', 'broadcast'];

export interface Layout {
  shape: number[];
  strides: number[];
  offset: number;
  /** Elements the storage needs. */
  storage: number;
}

export function makeLayout(shape: number[], kind: LayoutKind): Layout {
  const r = shape.length;
  const order = kind === 'transposed' ? [...Array(r).keys()] : [...Array(r).keys()].reverse();
  const strides = new Array<number>(r).fill(0);
  let acc = kind === 'padded' ? 2 : 1;
  for (const d of order) {
    strides[d] = acc;
    acc *= shape[d];
  }
  let offset = kind === 'offset' ? 3 : 0;
  const storage = acc + 5;
  if (kind === 'flipped' && r > 0) {
    offset += (shape[0] - 1) * strides[0];
    strides[0] = -strides[0];
  }
  if (kind === 'broadcast' && r > 0) strides[0] = 0;
  return { shape, strides, offset, storage };
}

/** Deterministic pseudo-random numbers (so failures reproduce). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function randomData(n: number, dtype: DType, rand: () => number, lo = -3, hi = 3): TypedArray {
  const v = Array.from({ length: n }, () => lo + (hi - lo) * rand());
  if (dtype === 'int32') return convertArray(v.map(Math.round), 'int32');
  if (dtype === 'bool') return convertArray(v.map((x) => (x > (lo + hi) / 2 ? 1 : 0)), 'bool');
  return convertArray(v, dtype);
}

export interface Operand {
  data: TypedArray;
  dtype: DType;
  layout: Layout;
}

export function operand(shape: number[], kind: LayoutKind, dtype: DType, rand: () => number, lo = -3, hi = 3): Operand {
  const layout = makeLayout(shape, kind);
  return { data: randomData(layout.storage, dtype, rand, lo, hi), dtype, layout };
}

export function viewOf(s: Storage, o: Operand): View {
  return { storage: s, dtype: o.dtype, shape: o.layout.shape, strides: o.layout.strides, offset: o.layout.offset };
}

/** Runs `op` on both backends over the same operands and returns both outputs, read back. */
export async function runBoth(
  cpu: Backend,
  gpu: Backend,
  operands: Operand[],
  op: (be: Backend, views: View[]) => Storage,
  outShape: readonly number[],
): Promise<{ want: TypedArray; got: TypedArray }> {
  const go = async (be: Backend) => {
    const stores = operands.map((o) => be.upload(o.data, o.dtype));
    const out = op(be, stores.map((s, k) => viewOf(s, operands[k])));
    const shape = [...outShape];
    const strides = shape.map((_, d) => sizeOf(shape.slice(d + 1)));
    const data = await be.read({ storage: out, dtype: out.dtype, shape, strides, offset: 0 });
    for (const s of [...stores, out]) be.free(s);
    return data;
  };
  return { want: await go(cpu), got: await go(gpu) };
}

export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, atol: number, rtol: number, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    const ok = Number.isNaN(w) ? Number.isNaN(g) : !Number.isFinite(w) ? g === w : Math.abs(g - w) <= atol + rtol * Math.abs(w);
    if (!ok) throw new Error(`${what}: element ${i} got ${g}, want ${w} (atol ${atol}, rtol ${rtol})`);
  }
}
