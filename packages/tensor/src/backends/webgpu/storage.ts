import type { Backend, Storage, View } from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';
import { BackendError, DTypeError } from '../../errors.js';

/**
 * A GPU buffer holding `size` 32-bit elements: float32 as f32, int32 and bool as i32
 * (bool is 0/1 on the GPU so kernels need no byte addressing). float64 is CPU-only.
 */
export class GPUStorage implements Storage {
  freed = false;
  constructor(
    readonly backend: Backend,
    readonly dtype: DType,
    readonly size: number,
    readonly buffer: GPUBuffer,
  ) {}
  get byteLength(): number {
    return this.size * 4;
  }
}

/** The WGSL element type a dtype is stored as. */
export function wgslType(d: DType): 'f32' | 'i32' {
  assertGPUDType(d, 'webgpu');
  return d === 'float32' ? 'f32' : 'i32';
}

export function assertGPUDType(d: DType, where: string): void {
  if (d === 'float64') {
    throw new DTypeError(`${where}: float64 is CPU-only; the webgpu backend supports float32, int32 and bool`);
  }
}

/** Host data → the 32-bit words uploaded to the GPU. */
export function toGPUWords(data: TypedArray, dtype: DType): Float32Array | Int32Array {
  assertGPUDType(dtype, 'upload');
  if (dtype === 'float32') return data instanceof Float32Array ? data : Float32Array.from(data);
  if (dtype === 'int32') return data instanceof Int32Array ? data : Int32Array.from(data);
  const out = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] ? 1 : 0;
  return out;
}

/** Words read back from the GPU → the host array of `dtype`. */
export function fromGPUWords(bytes: ArrayBuffer, n: number, dtype: DType): TypedArray {
  if (dtype === 'float32') return new Float32Array(bytes, 0, n);
  const words = new Int32Array(bytes, 0, n);
  if (dtype === 'int32') return words;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = words[i] !== 0 ? 1 : 0;
  return out;
}

/** The GPU storage behind a view, checking it belongs to `owner`. */
export function storageOf(view: View, owner: Backend): GPUStorage {
  const s = view.storage;
  if (!(s instanceof GPUStorage) || s.backend !== owner) {
    throw new BackendError(`webgpu: a ${s.backend?.name ?? 'foreign'} storage was passed to the webgpu backend`);
  }
  if (s.freed) throw new BackendError('webgpu: a kernel was given a storage that was already freed');
  return s;
}
