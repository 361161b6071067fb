import type { Backend, Storage } from '../../backend.js';
import { BackendError } from '../../errors.js';
import { allocArray, bytesPerElement, type DType, type TypedArray } from '../../dtype.js';

/** A CPU storage: a flat typed array of its dtype (bool as 0/1 bytes). */
export class CpuStorage implements Storage {
  freed = false;
  constructor(
    readonly backend: Backend,
    readonly dtype: DType,
    readonly data: TypedArray,
  ) {}
  get size(): number {
    return this.data.length;
  }
  get bytes(): number {
    return this.data.length * bytesPerElement(this.dtype);
  }
}

/** The typed array behind a storage; rejects storages of another backend or already freed. */
export function dataOf(s: Storage): TypedArray {
  if (!(s instanceof CpuStorage)) throw new BackendError(`cpu backend: storage belongs to the ${s.backend.name} backend`);
  if (s.freed) throw new BackendError('cpu backend: storage used after it was freed');
  return s.data;
}

/**
 * Converts doubles to a fresh array of `dtype`: float32 rounds, int32 truncates toward
 * zero and wraps (TypedArray.set applies ToInt32), bool is x ≠ 0 (so NaN → true, as in PyTorch).
 */
export function fromF64(src: Float64Array, dtype: DType): TypedArray {
  if (dtype === 'float64') return src;
  const out = allocArray(dtype, src.length);
  if (dtype === 'bool') for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  else out.set(src);
  return out;
}
