import type { Backend, BinaryOp, Storage, UnaryOp, View } from '../backend.js';
import { type DType, assertDType, isFloat, promoteTypes } from '../dtype.js';
import { DTypeError } from '../errors.js';
import { broadcastShapes, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { type TensorLike, backendOf, broadcastView, checkDType, filled, scalar, scalarDType, wrap } from './internal.js';

/** Elementwise cast; a same-dtype cast returns a new tensor sharing storage. */
export function cast(x: Tensor, dtype: DType): Tensor {
  assertDType(dtype, 'cast');
  if (x.dtype === dtype) return new Tensor(x.ref('cast').retain(), x.shape, dtype, x.strides, x.offset);
  return unaryRaw('cast', 'identity', x, dtype);
}

function unaryRaw(name: string, op: UnaryOp, x: Tensor, outDtype: DType): Tensor {
  const b = x.backend;
  checkDType(name, b, outDtype);
  if (x.size === 0) return filled(b, x.shape, 0, outDtype);
  return wrap(b.unary(op, x.viewFor(name), outDtype), x.shape, outDtype);
}

type UnaryKind = 'float' | 'keep' | 'bool';
/** 'float': int/bool inputs are computed in float32; 'keep': dtype kept (bool → int32). */
function unary(op: UnaryOp, kind: UnaryKind) {
  return (x: Tensor): Tensor => {
    let input = x;
    let out: DType;
    if (kind === 'bool') out = 'bool';
    else if (kind === 'float') out = isFloat(x.dtype) ? x.dtype : 'float32';
    else out = x.dtype === 'bool' ? 'int32' : x.dtype;
    if (kind !== 'bool' && input.dtype !== out) input = cast(x, out);
    const r = unaryRaw(op, op, input, out);
    if (input !== x) input.dispose();
    return r;
  };
}

export const neg = unary('neg', 'keep');
export const abs = unary('abs', 'keep');
export const sign = unary('sign', 'keep');
export const square = unary('square', 'keep');
export const relu = unary('relu', 'keep');
export const exp = unary('exp', 'float');
export const log = unary('log', 'float');
export const log1p = unary('log1p', 'float');
export const sqrt = unary('sqrt', 'float');
export const rsqrt = unary('rsqrt', 'float');
export const sin = unary('sin', 'float');
export const cos = unary('cos', 'float');
export const tanh = unary('tanh', 'float');
export const sigmoid = unary('sigmoid', 'float');
/** GELU, exact erf form (PyTorch's default). */
export const gelu = unary('gelu', 'float');
export const erf = unary('erf', 'float');
export const isnan = unary('isnan', 'bool');

/** Casts `x` (tensor or scalar) to `dtype` on `like`'s backend; `owned` says whether the caller must dispose it. */
function operand(x: TensorLike, dtype: DType, like: Tensor): { t: Tensor; owned: boolean } {
  if (x instanceof Tensor) return x.dtype === dtype ? { t: x, owned: false } : { t: cast(x, dtype), owned: true };
  return { t: scalar(like.backend, x, dtype), owned: true };
}

function dtypeOf(x: TensorLike, other: TensorLike): DType {
  if (x instanceof Tensor) return x.dtype;
  if (other instanceof Tensor) return scalarDType(x, other.dtype);
  return typeof x === 'boolean' ? 'bool' : Number.isInteger(x) ? 'int32' : 'float32';
}

/** Runs a broadcasting kernel over inputs already cast to `inDtype`. */
function broadcastRun(
  name: string,
  inputs: TensorLike[],
  inDtypes: DType[],
  outDtype: DType,
  run: (b: Backend, views: View[]) => Storage,
): Tensor {
  const like = inputs.find((x): x is Tensor => x instanceof Tensor);
  if (!like) throw new DTypeError(`${name}: at least one argument must be a tensor`);
  const ops = inputs.map((x, i) => operand(x, inDtypes[i], like));
  try {
    const ts = ops.map((o) => o.t);
    const b = backendOf(name, ...ts);
    checkDType(name, b, outDtype);
    const shape = broadcastShapes(name, ...ts.map((t) => t.shape));
    if (sizeOf(shape) === 0) return filled(b, shape, 0, outDtype);
    return wrap(run(b, ts.map((t) => broadcastView(t.viewFor(name), shape))), shape, outDtype);
  } finally {
    for (const o of ops) if (o.owned) o.t.dispose();
  }
}

type BinaryKind = 'arith' | 'float' | 'compare' | 'logical';
function binary(op: BinaryOp, kind: BinaryKind) {
  return (a: TensorLike, b: TensorLike): Tensor => {
    let common = promoteTypes(dtypeOf(a, b), dtypeOf(b, a));
    if (kind === 'arith' && common === 'bool') common = 'int32';
    if (kind === 'float' && !isFloat(common)) common = 'float32';
    if (kind === 'logical') common = 'bool';
    const out = kind === 'compare' || kind === 'logical' ? 'bool' : common;
    return broadcastRun(op, [a, b], [common, common], out, (be, [va, vb]) => be.binary(op, va, vb, out));
  };
}

export const add = binary('add', 'arith');
export const sub = binary('sub', 'arith');
export const mul = binary('mul', 'arith');
/** True division: integer inputs give float32. */
export const div = binary('div', 'float');
/** Power; computed in floating point (integer inputs give float32). */
export const pow = binary('pow', 'float');
export const maximum = binary('maximum', 'arith');
export const minimum = binary('minimum', 'arith');
export const eq = binary('eq', 'compare');
export const ne = binary('ne', 'compare');
export const lt = binary('lt', 'compare');
export const le = binary('le', 'compare');
export const gt = binary('gt', 'compare');
export const ge = binary('ge', 'compare');
export const logicalAnd = binary('and', 'logical');
export const logicalOr = binary('or', 'logical');

export function logicalNot(x: Tensor): Tensor {
  const b = x.dtype === 'bool' ? x : cast(x, 'bool');
  const r = unaryRaw('logicalNot', 'not', b, 'bool');
  if (b !== x) b.dispose();
  return r;
}

/** cond ? a : b, broadcasting all three. */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const common = promoteTypes(dtypeOf(a, b), dtypeOf(b, a));
  return broadcastRun('where', [cond, a, b], ['bool', common, common], common, (be, [c, va, vb]) => be.where(c, va, vb, common));
}

/**
 * (x − shift)·scale + offset in one pass, broadcasting all four; floating point only.
 * A fused forward utility (like linear): autograd does not record it. Normalisation
 * layers use it for x̂ = (x − mean)·rstd and y = (x − mean)·(rstd·γ) + β, which would
 * otherwise take three or four full passes and as many intermediate tensors.
 */
export function shiftScale(x: TensorLike, shift: TensorLike, scale: TensorLike, offset: TensorLike): Tensor {
  const args = [x, shift, scale, offset];
  const like = args.find((a): a is Tensor => a instanceof Tensor);
  let common: DType = like ? like.dtype : 'float32';
  for (const a of args) common = promoteTypes(common, dtypeOf(a, like ?? a));
  if (!isFloat(common)) throw new DTypeError(`shiftScale: expected floating-point operands, got ${args.map((a) => dtypeOf(a, like ?? a)).join(', ')}`);
  return broadcastRun('shiftScale', args, [common, common, common, common], common, (be, [vx, vs, vc, vo]) => be.shiftScale(vx, vs, vc, vo, common));
}

/** Limits x to [min, max]; either bound may be omitted (null/undefined). */
export function clamp(x: Tensor, min?: TensorLike | null, max?: TensorLike | null): Tensor {
  let r = x;
  if (min !== undefined && min !== null) r = maximum(r, min);
  if (max !== undefined && max !== null) {
    const prev = r;
    r = minimum(r, max);
    if (prev !== x) prev.dispose();
  }
  return r === x ? cast(x, x.dtype) : r;
}

/** x where mask is false, value where it is true. */
export function maskedFill(x: Tensor, mask: Tensor, value: TensorLike): Tensor {
  return where(mask, value, x);
}
