import type { View } from '../../backend.js';
import { allocArray, type TypedArray } from '../../dtype.js';
import { TensorError } from '../../errors.js';
import { contiguousStrides } from '../../shape.js';
import { dataOf } from './storage.js';
import { offsetsOf, readF64, readTyped } from './strided.js';

function checkIndex(op: string, idx: number, size: number, dim: number): void {
  if (!(idx >= 0 && idx < size)) {
    throw new TensorError(`${op}: index ${idx} is out of range for dimension ${dim} of size ${size} (valid: 0 to ${size - 1})`);
  }
}

/** Offsets into a layout at each index position, with `dim` contributing nothing yet. */
function offsetsWithoutDim(indexShape: readonly number[], strides: readonly number[], offset: number, dim: number): Int32Array {
  return offsetsOf(indexShape, strides.map((s, d) => (d === dim ? 0 : s)), offset);
}

/** torch.gather: out[p] = x[p with p[dim] replaced by index[p]]; out shape = index shape. */
export function gatherKernel(x: View, dim: number, index: View): TypedArray {
  const idx = readF64(index);
  const base = offsetsWithoutDim(index.shape, x.strides, x.offset, dim);
  const data = dataOf(x.storage);
  const size = x.shape[dim];
  const stride = x.strides[dim];
  const out = allocArray(x.dtype, idx.length);
  for (let i = 0; i < idx.length; i++) {
    checkIndex('gather', idx[i], size, dim);
    out[i] = data[base[i] + idx[i] * stride];
  }
  return out;
}

/** torch.Tensor.scatter_add: a copy of base with src[p] added at p with p[dim] = index[p]. */
export function scatterAddKernel(base: View, dim: number, index: View, src: View): TypedArray {
  const out = readTyped(base);
  const idx = readF64(index);
  const strides = contiguousStrides(base.shape);
  const at = offsetsWithoutDim(index.shape, strides, 0, dim);
  const srcData = dataOf(src.storage);
  const srcAt = offsetsOf(index.shape, src.strides.slice(0, index.shape.length), src.offset);
  const size = base.shape[dim];
  for (let i = 0; i < idx.length; i++) checkIndex('scatterAdd', idx[i], size, dim);
  const wrap = base.dtype === 'int32';
  const bool = base.dtype === 'bool';
  for (let i = 0; i < idx.length; i++) {
    const o = at[i] + idx[i] * strides[dim];
    const v = out[o] + srcData[srcAt[i]];
    out[o] = wrap ? v | 0 : bool ? (v !== 0 ? 1 : 0) : v;
  }
  return out;
}
