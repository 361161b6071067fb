/**
 * unary, binary, where, shiftScale and full as WGSL expressions on top of the map kernel. Values
 * are computed in f32 when the result (or, for comparisons, either input) is float,
 * else in i32 with wrap-around; bool is 0/1 i32 and any nonzero counts as true.
 */
import type { BinaryOp, UnaryOp, View } from '../../../backend.js';
import type { DType } from '../../../dtype.js';
import { BackendError } from '../../../errors.js';
import { sizeOf } from '../../../shape.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { runMap, type MapInput } from './map.js';
import { WGSL_MATH } from './wgsl-math.js';

type Ct = 'f32' | 'i32';

const computeType = (d: DType): Ct => (d === 'float32' || d === 'float64' ? 'f32' : 'i32');

/** Converts a value stored as dtype `from` to compute type `to`. */
function toCompute(x: string, from: DType, to: Ct): string {
  const f = computeType(from);
  if (f === to) return x;
  return to === 'f32' ? `f32(${x})` : `i32(${x})`;
}

/** Converts a compute value to the storage form of `out` (bool: nonzero → 1). */
function toStored(x: string, from: Ct, out: DType): string {
  if (out === 'bool') return from === 'f32' ? `select(1, 0, ${x} == 0.0)` : `select(0, 1, ${x} != 0)`;
  const o = computeType(out);
  if (o === from) return x;
  return o === 'f32' ? `f32(${x})` : `i32(${x})`;
}

const truthy = (x: string, d: DType): string => (computeType(d) === 'f32' ? `!(${x} == 0.0)` : `(${x} != 0)`);
const boolOut = (cond: string): string => `select(0, 1, ${cond})`;

/** A stored value of dtype `from` as a stored value of `to` (a cast: bool is x ≠ 0, int truncates). */
function cast(x: string, from: DType, to: DType): string {
  if (to === 'bool') return boolOut(truthy(x, from));
  return toStored(toCompute(x, from, computeType(to)), computeType(to), to);
}

const F32_UNARY: Record<Exclude<UnaryOp, 'identity' | 'not' | 'isnan'>, (x: string) => string> = {
  neg: (x) => `-${x}`,
  abs: (x) => `abs(${x})`,
  sign: (x) => `sign_f(${x})`,
  exp: (x) => `exp_f(${x})`,
  log: (x) => `log_f(${x})`,
  log1p: (x) => `log1p_f(${x})`,
  sqrt: (x) => `sqrt(${x})`,
  rsqrt: (x) => `(1.0 / sqrt(${x}))`,
  square: (x) => `(${x} * ${x})`,
  sin: (x) => `sincos_f(${x}).x`,
  cos: (x) => `sincos_f(${x}).y`,
  tanh: (x) => `tanh_f(${x})`,
  sigmoid: (x) => `sigmoid_f(${x})`,
  relu: (x) => `select(${x}, 0.0, ${x} < 0.0)`,
  gelu: (x) => `gelu_f(${x})`,
  erf: (x) => `erf_f(${x})`,
};

const I32_UNARY: Partial<Record<UnaryOp, (x: string) => string>> = {
  neg: (x) => `(0 - ${x})`,
  abs: (x) => `abs(${x})`,
  sign: (x) => `sign(${x})`,
  square: (x) => `(${x} * ${x})`,
  relu: (x) => `max(${x}, 0)`,
};

function inputOf(rt: GPURuntime, v: View): MapInput {
  return { buffer: rt.storageOf(v).buffer, dtype: v.dtype, strides: v.strides, offset: v.offset };
}

function mapTo(rt: GPURuntime, name: string, shape: readonly number[], inputs: View[], outDtype: DType, expr: string): GPUStorage {
  const out = rt.alloc(outDtype, sizeOf(shape));
  runMap(rt, {
    name,
    shape,
    inputs: inputs.map((v) => inputOf(rt, v)),
    out: { buffer: out.buffer, dtype: outDtype, strides: null, offset: 0 },
    expr,
    helpers: WGSL_MATH,
  });
  return out;
}

function unaryExpr(op: UnaryOp, inDtype: DType, outDtype: DType): string {
  const x = 'x0';
  if (op === 'identity') return cast(x, inDtype, outDtype);
  if (op === 'not') return boolOut(`!${truthy(x, inDtype)}`);
  if (op === 'isnan') return computeType(inDtype) === 'f32' ? boolOut(`isnan_f(${x})`) : '0';
  const outCt = computeType(outDtype);
  const intFn = I32_UNARY[op];
  if (outCt === 'i32' && intFn && inDtype !== 'float32') return toStored(intFn(toCompute(x, inDtype, 'i32')), 'i32', outDtype);
  return toStored(F32_UNARY[op](toCompute(x, inDtype, 'f32')), 'f32', outDtype);
}

export function unary(rt: GPURuntime, op: UnaryOp, x: View, outDtype: DType): GPUStorage {
  return mapTo(rt, `unary:${op}:${x.dtype}>${outDtype}`, x.shape, [x], outDtype, unaryExpr(op, x.dtype, outDtype));
}

const COMPARE: Partial<Record<BinaryOp, string>> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };

function binaryExpr(op: BinaryOp, ad: DType, bd: DType, outDtype: DType): string {
  if (op === 'and') return boolOut(`${truthy('x0', ad)} && ${truthy('x1', bd)}`);
  if (op === 'or') return boolOut(`${truthy('x0', ad)} || ${truthy('x1', bd)}`);
  const cmp = COMPARE[op];
  if (cmp) {
    const ct: Ct = computeType(ad) === 'f32' || computeType(bd) === 'f32' ? 'f32' : 'i32';
    const [a, b] = [toCompute('x0', ad, ct), toCompute('x1', bd, ct)];
    return boolOut(op === 'ne' ? `!(${a} == ${b})` : `${a} ${cmp} ${b}`);
  }
  const anyFloat = computeType(ad) === 'f32' || computeType(bd) === 'f32';
  const ct: Ct = op === 'div' || anyFloat ? 'f32' : computeType(outDtype);
  const a = toCompute('x0', ad, ct);
  const b = toCompute('x1', bd, ct);
  let e: string;
  switch (op) {
    case 'add':
      e = `(${a} + ${b})`;
      break;
    case 'sub':
      e = `(${a} - ${b})`;
      break;
    case 'mul':
      e = `(${a} * ${b})`;
      break;
    case 'div':
      e = `(${a} / ${b})`;
      break;
    case 'pow':
      e = ct === 'f32' ? `pow_f(${a}, ${b})` : `pow_i(${a}, ${b})`;
      break;
    case 'maximum':
      e = ct === 'f32' ? `max_f(${a}, ${b})` : `max(${a}, ${b})`;
      break;
    case 'minimum':
      e = ct === 'f32' ? `min_f(${a}, ${b})` : `min(${a}, ${b})`;
      break;
    default:
      throw new BackendError(`webgpu: unknown binary op '${String(op)}'`);
  }
  return toStored(e, ct, outDtype);
}

export function binary(rt: GPURuntime, op: BinaryOp, a: View, b: View, outDtype: DType): GPUStorage {
  return mapTo(rt, `binary:${op}:${a.dtype},${b.dtype}>${outDtype}`, a.shape, [a, b], outDtype, binaryExpr(op, a.dtype, b.dtype, outDtype));
}

export function where(rt: GPURuntime, cond: View, a: View, b: View, outDtype: DType): GPUStorage {
  const va = cast('x1', a.dtype, outDtype);
  const vb = cast('x2', b.dtype, outDtype);
  return mapTo(rt, `where:${cond.dtype},${a.dtype},${b.dtype}>${outDtype}`, a.shape, [cond, a, b], outDtype, `select(${vb}, ${va}, ${truthy('x0', cond.dtype)})`);
}

/** (x − shift)·scale + offset in f32 (float inputs; float64 is stored as f32 here). */
export function shiftScale(rt: GPURuntime, x: View, shift: View, scale: View, offset: View, outDtype: DType): GPUStorage {
  return mapTo(rt, `shiftScale:${outDtype}`, x.shape, [x, shift, scale, offset], outDtype, '((x0 - x1) * x2 + x3)');
}

/** Fills up to this many elements from the host (queue.writeBuffer) instead of a dispatch. */
const HOST_FILL_MAX = 16384;

export function full(rt: GPURuntime, size: number, value: number, dtype: DType): GPUStorage {
  const isF = computeType(dtype) === 'f32';
  const v = dtype === 'bool' ? (value ? 1 : 0) : isF ? value : Math.trunc(value);
  // Scalars of binary ops arrive here by the thousand per training step: a write costs
  // a few microseconds, a dispatch tens plus its share of the GPU's per-dispatch time.
  if (size <= HOST_FILL_MAX) return rt.upload(isF ? new Float32Array(size).fill(v) : new Int32Array(size).fill(v), dtype);
  const out = rt.alloc(dtype, size);
  runMap(rt, {
    name: 'full',
    shape: [size],
    inputs: [],
    out: { buffer: out.buffer, dtype, strides: null, offset: 0 },
    expr: 's0',
    scalars: [{ value: v, type: isF ? 'f32' : 'i32' }],
  });
  return out;
}
