/** Small helpers for calling the CPU backend directly with hand-made views. */
import { expect } from 'vitest';
import { CpuBackend } from '../../src/backends/cpu/index.js';
import { dataOf } from '../../src/backends/cpu/storage.js';
import type { Storage, View } from '../../src/backend.js';
import { convertArray, type DType } from '../../src/dtype.js';
import { contiguousStrides, sizeOf } from '../../src/shape.js';

export const cpu = new CpuBackend();

/** A contiguous view over freshly uploaded values. */
export function view(values: ArrayLike<number>, shape: readonly number[], dtype: DType = 'float64'): View {
  const storage = cpu.upload(convertArray(values, dtype), dtype);
  return { storage, dtype, shape, strides: contiguousStrides(shape), offset: 0 };
}

/** A view with explicit strides/offset into an uploaded buffer. */
export function strided(buffer: ArrayLike<number>, shape: number[], strides: number[], offset: number, dtype: DType = 'float64'): View {
  const storage = cpu.upload(convertArray(buffer, dtype), dtype);
  return { storage, dtype, shape, strides, offset };
}

/** A contiguous view over a storage a kernel returned. */
export function asView(storage: Storage, shape: readonly number[]): View {
  return { storage, dtype: storage.dtype, shape, strides: contiguousStrides(shape), offset: 0 };
}

export function values(s: Storage): number[] {
  return Array.from(dataOf(s));
}

/** Fixture tensors as written by scripts/cpu_fixtures.py (non-finite numbers as strings). */
export interface FixtureTensor {
  shape: number[];
  data: (number | string)[];
}

export function decode(t: FixtureTensor): number[] {
  return t.data.map((v) => (typeof v === 'number' ? v : Number(v)));
}

export function fixtureView(t: FixtureTensor, dtype: DType = 'float64'): View {
  return view(decode(t), t.shape, dtype);
}

/** Elementwise |a − e| ≤ atol + rtol·|e|, NaN matching NaN and infinities matching exactly. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-12, atol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      expect(a, `element ${i}`).toBe(e);
      continue;
    }
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      throw new Error(`element ${i}: got ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

export function randomValues(n: number, seed = 1): number[] {
  // A small LCG: tests need reproducible values, not good randomness.
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

export function size(shape: readonly number[]): number {
  return sizeOf(shape);
}
