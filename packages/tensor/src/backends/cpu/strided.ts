import type { View } from '../../backend.js';
import { allocArray, type TypedArray } from '../../dtype.js';
import { isContiguous, sizeOf } from '../../shape.js';
import { dataOf } from './storage.js';

/**
 * Storage offsets of a strided layout's elements in row-major logical order:
 * offset + Σ idx·stride. Strides may be 0 (broadcast) or negative (flip), so the
 * result is computed with an odometer rather than assumed monotone.
 */
export function offsetsOf(shape: readonly number[], strides: readonly number[], offset: number): Int32Array {
  const n = sizeOf(shape);
  const out = new Int32Array(n);
  if (n === 0) return out;
  const rank = shape.length;
  if (rank === 0) {
    out[0] = offset;
    return out;
  }
  const last = rank - 1;
  const inner = shape[last];
  const st = strides[last];
  const idx = new Array<number>(rank).fill(0);
  let base = offset;
  let i = 0;
  for (;;) {
    for (let j = 0, o = base; j < inner; j++, o += st) out[i++] = o;
    let d = last - 1;
    for (; d >= 0; d--) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) return out;
  }
}

function contiguousRun(v: View): boolean {
  return isContiguous(v.shape, v.strides);
}

/** A view's elements as doubles, contiguous and row-major (always a fresh array). */
export function readF64(v: View): Float64Array {
  const data = dataOf(v.storage);
  const n = sizeOf(v.shape);
  if (contiguousRun(v)) return new Float64Array(data.subarray(v.offset, v.offset + n));
  const offs = offsetsOf(v.shape, v.strides, v.offset);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = data[offs[i]];
  return out;
}

/** A view's elements in its own dtype, contiguous and row-major (always a fresh array). */
export function readTyped(v: View): TypedArray {
  const data = dataOf(v.storage);
  const n = sizeOf(v.shape);
  if (contiguousRun(v)) return data.slice(v.offset, v.offset + n);
  const offs = offsetsOf(v.shape, v.strides, v.offset);
  const out = allocArray(v.dtype, n);
  for (let i = 0; i < n; i++) out[i] = data[offs[i]];
  return out;
}

/** Writes `values` (row-major) into the possibly strided destination view. */
export function writeStrided(dst: View, values: TypedArray): void {
  const data = dataOf(dst.storage);
  const offs = offsetsOf(dst.shape, dst.strides, dst.offset);
  for (let i = 0; i < offs.length; i++) data[offs[i]] = values[i];
}
