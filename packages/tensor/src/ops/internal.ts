/** Helpers shared by the op front ends: wrapping storages, views, broadcasting, backend checks. */
import type { Backend, Storage, View } from '../backend.js';
import type { DType } from '../dtype.js';
import { BackendError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { StorageRef } from '../memory.js';
import { sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';

export type TensorLike = Tensor | number | boolean;

/** A contiguous tensor owning a fresh storage. */
export function wrap(storage: Storage, shape: readonly number[], dtype: DType = storage.dtype): Tensor {
  return new Tensor(new StorageRef(storage), shape, dtype);
}

/** A view sharing `t`'s storage. */
export function viewOf(op: string, t: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  return new Tensor(t.ref(op).retain(), shape, t.dtype, strides, offset);
}

/** A tensor of `shape` filled with `value`; also how empty tensors are made (size 0). */
export function filled(backend: Backend, shape: readonly number[], value: number, dtype: DType): Tensor {
  checkDType('full', backend, dtype);
  return wrap(backend.full(sizeOf(shape), value, dtype), shape, dtype);
}

export function checkDType(op: string, backend: Backend, dtype: DType): void {
  if (!backend.supportsDType(dtype)) {
    throw new DTypeError(`${op}: dtype ${dtype} is not supported on the ${backend.name} backend${dtype === 'float64' ? ' (float64 is CPU-only)' : ''}`);
  }
}

/** The one backend all tensor arguments live on. */
export function backendOf(op: string, ...ts: Tensor[]): Backend {
  const b = ts[0].backend;
  for (const t of ts) {
    if (t.backend !== b) {
      throw new BackendError(`${op}: tensors are on different backends (${b.name} and ${t.backend.name}); move one with await t.to(...)`);
    }
  }
  return b;
}

/** `v` seen with `shape` by NumPy broadcasting: stride 0 on new or size-1 axes. */
export function broadcastView(v: View, shape: readonly number[]): View {
  const lead = shape.length - v.shape.length;
  const strides = shape.map((d, i) => {
    const j = i - lead;
    if (j < 0) return 0;
    return v.shape[j] === 1 && d !== 1 ? 0 : v.strides[j];
  });
  return { ...v, shape, strides };
}

/** The dtype a bare JS scalar takes next to a tensor of dtype `d` (PyTorch's rule). */
export function scalarDType(x: number | boolean, d: DType): DType {
  if (typeof x === 'boolean') return d;
  if (d === 'bool') return Number.isInteger(x) ? 'int32' : 'float32';
  if (d === 'int32' && !Number.isInteger(x)) return 'float32';
  return d;
}

/** A rank-0 tensor on `backend`. */
export function scalar(backend: Backend, x: number | boolean, dtype: DType): Tensor {
  return filled(backend, [], Number(x), dtype);
}

export function checkRank(op: string, name: string, t: Tensor, rank: number): void {
  if (t.rank !== rank) throw new ShapeError(`${op}: ${name} must be ${rank}-D, got shape ${fmtShape(t.shape)}`);
}

/** Normalises an int-or-pair argument. */
export function pair(op: string, name: string, v: number | readonly [number, number], min: number): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  for (const x of p) {
    if (!Number.isInteger(x) || x < min) throw new ShapeError(`${op}: ${name} must be an integer >= ${min} or a pair of them, got ${JSON.stringify(v)}`);
  }
  return p;
}
