/**
 * Copies between strided views: `copyStrided` (any src view → a destination buffer
 * laid out contiguously or with strides) and the backend's copyInto. Contiguous to
 * contiguous copies use copyBufferToBuffer instead of a shader.
 */
import type { View } from '../../../backend.js';
import { contiguousStrides, isContiguous, sizeOf } from '../../../shape.js';
import type { GPURuntime } from '../runtime.js';
import { runMap } from './map.js';

export interface CopyDest {
  buffer: GPUBuffer;
  shape: readonly number[];
  /** null: contiguous starting at `offset`. */
  strides: readonly number[] | null;
  offset: number;
}

export function copyStrided(rt: GPURuntime, src: View, dst: CopyDest): void {
  const n = sizeOf(src.shape);
  if (n === 0) return;
  const s = rt.storageOf(src);
  const dstContig = dst.strides === null || isContiguous(dst.shape, dst.strides);
  if (dstContig && isContiguous(src.shape, src.strides)) {
    rt.copyBuffer(s.buffer, src.offset * 4, dst.buffer, dst.offset * 4, n * 4);
    return;
  }
  runMap(rt, {
    name: 'copy',
    shape: src.shape,
    inputs: [{ buffer: s.buffer, dtype: src.dtype, strides: src.strides, offset: src.offset }],
    out: { buffer: dst.buffer, dtype: src.dtype, strides: dst.strides, offset: dst.offset },
    expr: 'x0',
  });
}

/** Writes src into the strided destination view (same shape and dtype). */
export function copyInto(rt: GPURuntime, src: View, dst: View): void {
  const d = rt.storageOf(dst);
  // A buffer cannot be bound for reading and writing in one dispatch: stage overlapping copies.
  const staged = rt.storageOf(src) === d ? rt.contiguous(src) : null;
  const from: View = staged ? { storage: staged, dtype: src.dtype, shape: src.shape, strides: contiguousStrides(src.shape), offset: 0 } : src;
  copyStrided(rt, from, { buffer: d.buffer, shape: dst.shape, strides: dst.strides, offset: dst.offset });
  if (staged) rt.free(staged);
}
