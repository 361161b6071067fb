import type { DType, TypedArray } from '../dtype.js';
import { assertDType, convertArray } from '../dtype.js';
import { ShapeError, TensorError, fmtShape } from '../errors.js';
import { type Device, resolveDevice } from '../engine.js';
import { assertShape, sizeOf } from '../shape.js';
import type { NestedArray, Tensor } from '../tensor.js';
import { checkDType, filled, wrap } from './internal.js';

export interface CreateOptions {
  dtype?: DType;
  device?: Device;
}

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  return shape;
}

function flatten(data: NestedArray, shape: number[], axis: number, out: number[]): void {
  if (axis === shape.length) {
    if (Array.isArray(data)) throw new ShapeError(`tensor: nested data is ragged: expected a scalar at depth ${axis}`);
    if (typeof data !== 'number' && typeof data !== 'boolean') throw new TypeError(`tensor: data must hold numbers or booleans, got ${typeof data}`);
    out.push(Number(data));
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[axis]) {
    throw new ShapeError(`tensor: nested data is ragged: expected length ${shape[axis]} at depth ${axis}`);
  }
  for (const d of data) flatten(d, shape, axis + 1, out);
}

function firstLeaf(data: NestedArray): number | boolean | undefined {
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    if (cur.length === 0) return undefined;
    cur = cur[0];
  }
  return cur;
}

function dtypeOfArray(a: TypedArray | ArrayLike<number>): DType | undefined {
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint8Array) return 'bool';
  if (a instanceof Float32Array) return 'float32';
  return undefined;
}

/**
 * A tensor from a scalar, nested arrays or a flat typed array (then `shape` says how to
 * read it). dtype defaults to the typed array's, bool for booleans, else float32.
 */
export function tensor(
  data: NestedArray | TypedArray | readonly number[],
  opts: CreateOptions & { shape?: readonly number[] } = {},
): Tensor {
  const backend = resolveDevice(opts.device);
  if (opts.dtype !== undefined) assertDType(opts.dtype, 'tensor');
  let flat: ArrayLike<number>;
  let shape: number[];
  let dtype = opts.dtype;
  if (ArrayBuffer.isView(data)) {
    flat = data as TypedArray;
    dtype ??= dtypeOfArray(flat) ?? 'float32';
    shape = opts.shape ? [...opts.shape] : [flat.length];
  } else {
    shape = inferShape(data as NestedArray);
    const out: number[] = [];
    flatten(data as NestedArray, shape, 0, out);
    flat = out;
    dtype ??= typeof firstLeaf(data as NestedArray) === 'boolean' ? 'bool' : 'float32';
    if (opts.shape) shape = [...opts.shape];
  }
  assertShape('tensor', shape);
  if (sizeOf(shape) !== flat.length) {
    throw new ShapeError(`tensor: ${flat.length} values cannot fill shape ${fmtShape(shape)} (${sizeOf(shape)} elements)`);
  }
  checkDType('tensor', backend, dtype);
  return wrap(backend.upload(convertArray(flat, dtype), dtype), shape, dtype);
}

export function full(shape: readonly number[], value: number | boolean, opts: CreateOptions = {}): Tensor {
  assertShape('full', shape);
  const dtype = opts.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  assertDType(dtype, 'full');
  return filled(resolveDevice(opts.device), shape, Number(value), dtype);
}

export const zeros = (shape: readonly number[], opts: CreateOptions = {}): Tensor => full(shape, 0, opts);
export const ones = (shape: readonly number[], opts: CreateOptions = {}): Tensor => full(shape, 1, opts);

/** Same shape, dtype and device as `t` unless overridden. */
export function fullLike(t: Tensor, value: number | boolean, opts: CreateOptions = {}): Tensor {
  return full(t.shape, value, { dtype: opts.dtype ?? t.dtype, device: opts.device ?? t.backend });
}
export const zerosLike = (t: Tensor, opts: CreateOptions = {}): Tensor => fullLike(t, 0, opts);
export const onesLike = (t: Tensor, opts: CreateOptions = {}): Tensor => fullLike(t, 1, opts);

/** [start, stop) in steps; int32 when every argument is an integer, else float32. */
export function arange(start: number, stop?: number, step = 1, opts: CreateOptions = {}): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0 || !Number.isFinite(step)) throw new TensorError(`arange: step must be a finite non-zero number, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const dtype = opts.dtype ?? ([start, stop, step].every(Number.isInteger) ? 'int32' : 'float32');
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) vals[i] = start + i * step;
  return tensor(vals, { dtype, device: opts.device, shape: [n] });
}

/** `steps` evenly spaced values from start to end inclusive (float32 by default). */
export function linspace(start: number, end: number, steps: number, opts: CreateOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new TensorError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const vals = new Float64Array(steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends like PyTorch so the last value is exactly `end`.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) vals[i] = i < half ? start + i * delta : end - (steps - 1 - i) * delta;
  return tensor(vals, { dtype: opts.dtype ?? 'float32', device: opts.device, shape: [steps] });
}

/** n×m identity. */
export function eye(n: number, m = n, opts: CreateOptions = {}): Tensor {
  assertShape('eye', [n, m]);
  const vals = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) vals[i * m + i] = 1;
  return tensor(vals, { dtype: opts.dtype ?? 'float32', device: opts.device, shape: [n, m] });
}
