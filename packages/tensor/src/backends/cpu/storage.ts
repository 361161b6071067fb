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
 * Converts doubles to a result array of `dtype` (src itself when that is float64):
 * float32 rounds, int32 truncates toward zero and wraps (TypedArray.set applies ToInt32),
 * bool is x ≠ 0 (so NaN → true, as in PyTorch).
 */
export function fromF64(src: Float64Array, dtype: DType): TypedArray {
  if (dtype === 'float64') return src;
  const out = allocOutput(dtype, src.length);
  if (dtype === 'bool') for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  else out.set(src);
  return out;
}

/** Like fromF64, but never returns src itself (for sources that are scratch work space). */
export function copyFromF64(src: Float64Array, dtype: DType): TypedArray {
  if (dtype !== 'float64') return fromF64(src, dtype);
  const out = allocOutput(dtype, src.length);
  out.set(src);
  return out;
}

/**
 * Arrays of freed storages, kept for reuse by dtype and length. A training step allocates
 * the same shapes step after step; handing those arrays back out saves the page faults
 * and garbage collection of fresh multi-megabyte typed arrays. Recycled arrays hold stale
 * values, so only kernels that overwrite every element of their result use allocOutput.
 */
const POOL_LIMIT_BYTES = 128 * 2 ** 20;
/** Arrays smaller than this are cheap to allocate and not worth keeping. */
const POOL_MIN_BYTES = 16 * 2 ** 10;
const pool = new Map<string, TypedArray[]>();
let pooledBytes = 0;

const poolKey = (dtype: DType, n: number) => `${dtype}:${n}`;

/** A result array of n elements whose contents the caller overwrites entirely. */
export function allocOutput(dtype: DType, n: number): TypedArray {
  const kept = pool.get(poolKey(dtype, n))?.pop();
  if (!kept) return allocArray(dtype, n);
  pooledBytes -= kept.byteLength;
  return kept;
}

/** Offers the array of a freed storage for reuse (whole-buffer arrays only, within the pool's limit). */
export function recycle(dtype: DType, data: TypedArray): void {
  const bytes = data.byteLength;
  if (bytes < POOL_MIN_BYTES || data.byteOffset !== 0 || bytes !== data.buffer.byteLength) return;
  if (pooledBytes + bytes > POOL_LIMIT_BYTES) return;
  const key = poolKey(dtype, data.length);
  const list = pool.get(key);
  if (list) list.push(data);
  else pool.set(key, [data]);
  pooledBytes += bytes;
}
