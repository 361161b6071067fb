import type { View } from '../../backend.js';
import { allocArray, type TypedArray } from '../../dtype.js';
import { isContiguous, sizeOf } from '../../shape.js';
import { forEachRow, planRows } from './runs.js';
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

/** Copies a view's elements in row-major order into `out` (any array type; stores convert). */
function gather(v: View, data: TypedArray, out: TypedArray): void {
  const plan = planRows(v.shape, [v.strides]);
  const len = plan.shape[plan.shape.length - 1];
  const st = plan.strides[0][plan.shape.length - 1];
  forEachRow(plan, [v.offset], (row, bases) => {
    for (let o = row * len, end = o + len, i = bases[0]; o < end; o++, i += st) out[o] = data[i];
  });
}

/** A view's elements as doubles, contiguous and row-major (always a fresh array). */
export function readF64(v: View): Float64Array {
  const data = dataOf(v.storage);
  const n = sizeOf(v.shape);
  if (contiguousRun(v)) return new Float64Array(data.subarray(v.offset, v.offset + n));
  const out = new Float64Array(n);
  gather(v, data, out);
  return out;
}

/** Writes a view's elements as doubles, row-major, into `out` (of the view's size). */
export function readF64Into(v: View, out: Float64Array): Float64Array {
  const data = dataOf(v.storage);
  if (contiguousRun(v)) out.set(data.subarray(v.offset, v.offset + out.length));
  else gather(v, data, out);
  return out;
}

/** A view's elements in its own dtype, contiguous and row-major (always a fresh array). */
export function readTyped(v: View): TypedArray {
  const data = dataOf(v.storage);
  const n = sizeOf(v.shape);
  if (contiguousRun(v)) return data.slice(v.offset, v.offset + n);
  const out = allocArray(v.dtype, n);
  gather(v, data, out);
  return out;
}

/** Writes `values` (row-major) into the possibly strided destination view. */
export function writeStrided(dst: View, values: TypedArray): void {
  const data = dataOf(dst.storage);
  const plan = planRows(dst.shape, [dst.strides]);
  const len = plan.shape[plan.shape.length - 1];
  const st = plan.strides[0][plan.shape.length - 1];
  forEachRow(plan, [dst.offset], (row, bases) => {
    for (let o = row * len, end = o + len, i = bases[0]; o < end; o++, i += st) data[i] = values[o];
  });
}
