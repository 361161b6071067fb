import type { RandomParams } from '../backend.js';
import { type DType, isFloat } from '../dtype.js';
import { DTypeError, ShapeError } from '../errors.js';
import { resolveDevice } from '../engine.js';
import { type Generator, defaultGenerator } from '../random/generator.js';
import { assertShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import type { CreateOptions } from './create.js';
import { add, cast, lt, mul } from './elementwise.js';
import { checkDType, filled, wrap } from './internal.js';

export interface RandomOptions extends CreateOptions {
  generator?: Generator;
}

function draw(op: string, kind: RandomParams['kind'], shape: readonly number[], dtype: DType, opts: RandomOptions): Tensor {
  assertShape(op, shape);
  const be = resolveDevice(opts.device);
  checkDType(op, be, dtype);
  const n = sizeOf(shape);
  if (n === 0) return filled(be, shape, 0, dtype);
  const { key, counter } = (opts.generator ?? defaultGenerator()).take(n);
  return wrap(be.random(n, { kind, key, counter }, dtype), shape, dtype);
}

function floatDType(op: string, d: DType | undefined): DType {
  const dtype = d ?? 'float32';
  if (!isFloat(dtype)) throw new DTypeError(`${op}: dtype must be float32 or float64, got ${dtype}`);
  return dtype;
}

/** Uniform in [0, 1). */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  return draw('rand', 'uniform', shape, floatDType('rand', opts.dtype), opts);
}

/** Standard normal. */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  return draw('randn', 'normal', shape, floatDType('randn', opts.dtype), opts);
}

/** Integers uniform in [low, high) (int32 unless dtype says otherwise). */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low || high - low > 2 ** 24) {
    throw new ShapeError(`randint: need integers low < high with high - low <= 2^24, got ${low}, ${high}`);
  }
  const u = draw('randint', 'uniform', shape, 'float32', opts);
  // u·range is >= 0, so truncation is floor; the f32 product rounds identically on every backend.
  const scaled = mul(u, high - low);
  const k = cast(scaled, 'int32');
  const shifted = add(k, low);
  const r = cast(shifted, opts.dtype ?? 'int32');
  for (const t of [u, scaled, k, shifted]) t.dispose();
  return r;
}

/** 1 with probability p (a number, or a tensor of probabilities whose shape is used). */
export function bernoulli(p: number | Tensor, shape?: readonly number[], opts: RandomOptions = {}): Tensor {
  const s = p instanceof Tensor ? p.shape : shape;
  if (!s) throw new ShapeError('bernoulli: give a shape when p is a number');
  const dev = p instanceof Tensor ? { ...opts, device: p.backend } : opts;
  const u = draw('bernoulli', 'uniform', s, 'float32', dev);
  const hit = lt(u, p);
  const r = cast(hit, opts.dtype ?? 'float32');
  u.dispose();
  hit.dispose();
  return r;
}
