import type { ReduceOp } from '../backend.js';
import { type DType, isFloat } from '../dtype.js';
import { ShapeError, fmtShape } from '../errors.js';
import { contiguousStrides, normAxes, normAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { abs, add, cast, div, eq, exp, log, mul, sub, where } from './elementwise.js';
import { filled, viewOf, wrap } from './internal.js';
import { contiguous, permute, reshape } from './movement.js';

export interface ReduceOptions {
  keepdim?: boolean;
}
export type Axes = number | readonly number[];

function keepShape(x: Tensor, axes: number[]): number[] {
  return x.shape.map((n, i) => (axes.includes(i) ? 1 : n));
}

/** Reinserts reduced axes as size 1 when keepdim is set (a view of r). */
function finish(x: Tensor, r: Tensor, axes: number[], keepdim: boolean | undefined): Tensor {
  if (!keepdim) return r;
  const s = keepShape(x, axes);
  const v = viewOf('keepdim', r, s, contiguousStrides(s), r.offset);
  r.dispose();
  return v;
}

function reduceRaw(name: string, op: ReduceOp, x: Tensor, axes: number[], outDtype: DType, opts: ReduceOptions): Tensor {
  const outShape = x.shape.filter((_, i) => !axes.includes(i));
  let r: Tensor;
  if (axes.length === 0) {
    r = cast(x, outDtype);
    const c = contiguous(r);
    r.dispose();
    r = c;
  } else if (x.size === 0) {
    if (outShape.some((n) => n === 0)) r = filled(x.backend, outShape, 0, outDtype);
    else if (op === 'sum' || op === 'prod') r = filled(x.backend, outShape, op === 'sum' ? 0 : 1, outDtype);
    else throw new ShapeError(`${name}: cannot reduce ${fmtShape(x.shape)} over an empty axis (no identity for ${op})`);
  } else {
    r = wrap(x.backend.reduce(op, x.viewFor(name), axes, outDtype), outShape, outDtype);
  }
  return finish(x, r, axes, opts.keepdim);
}

const sumDType = (d: DType): DType => (isFloat(d) ? d : 'int32');

export function sum(x: Tensor, axes?: Axes, opts: ReduceOptions = {}): Tensor {
  const a = normAxes('sum', axes, x.rank);
  const d = sumDType(x.dtype);
  const input = x.dtype === d ? x : cast(x, d);
  const r = reduceRaw('sum', 'sum', input, a, d, opts);
  if (input !== x) input.dispose();
  return r;
}

export function prod(x: Tensor, axes?: Axes, opts: ReduceOptions = {}): Tensor {
  const a = normAxes('prod', axes, x.rank);
  const d = sumDType(x.dtype);
  const input = x.dtype === d ? x : cast(x, d);
  const r = reduceRaw('prod', 'prod', input, a, d, opts);
  if (input !== x) input.dispose();
  return r;
}

export function mean(x: Tensor, axes?: Axes, opts: ReduceOptions = {}): Tensor {
  const a = normAxes('mean', axes, x.rank);
  const d = isFloat(x.dtype) ? x.dtype : 'float32';
  const input = x.dtype === d ? x : cast(x, d);
  const s = reduceRaw('mean', 'sum', input, a, d, opts);
  if (input !== x) input.dispose();
  const n = a.reduce((acc, i) => acc * x.shape[i], 1);
  const r = div(s, n);
  s.dispose();
  return r;
}

export function max(x: Tensor, axes?: Axes, opts: ReduceOptions = {}): Tensor {
  return reduceRaw('max', 'max', x, normAxes('max', axes, x.rank), x.dtype, opts);
}

export function min(x: Tensor, axes?: Axes, opts: ReduceOptions = {}): Tensor {
  return reduceRaw('min', 'min', x, normAxes('min', axes, x.rank), x.dtype, opts);
}

function argReduce(name: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, opts: ReduceOptions): Tensor {
  if (axis === undefined) {
    // Over all elements, as an index into the flattened tensor.
    const flat = reshape(x, [x.size]);
    const r = reduceRaw(name, name, flat, [0], 'int32', {});
    flat.dispose();
    if (!opts.keepdim) return r;
    const v = reshape(r, x.shape.map(() => 1));
    r.dispose();
    return v;
  }
  return reduceRaw(name, name, x, [normAxis(name, axis, x.rank)], 'int32', opts);
}

/** Index of the largest value (first on ties, NaN counts as largest), int32. */
export const argmax = (x: Tensor, axis?: number, opts: ReduceOptions = {}): Tensor => argReduce('argmax', x, axis, opts);
export const argmin = (x: Tensor, axis?: number, opts: ReduceOptions = {}): Tensor => argReduce('argmin', x, axis, opts);

/** The row maximum with ±inf replaced by 0, so x − m stays finite-or-±inf and never NaN. */
function stableShift(x: Tensor, axes: number[]): Tensor {
  const m = max(x, axes, { keepdim: true });
  const a = abs(m);
  const inf = eq(a, Infinity);
  const s = where(inf, 0, m);
  for (const t of [m, a, inf]) t.dispose();
  return s;
}

/**
 * log Σ exp(x) over `axes`, stable for large values and rows of -inf. Over one axis of
 * a non-empty tensor it is one pass of the backend's row kernel, reading the axis in
 * place as the rows' last; over several axes it is composed from max, exp and sum.
 */
export function logsumexp(x: Tensor, axes?: Axes, opts: ReduceOptions = {}): Tensor {
  const a = normAxes('logsumexp', axes, x.rank);
  const xf = isFloat(x.dtype) ? x : cast(x, 'float32');
  let r: Tensor;
  if (x.size === 0) {
    const z = reduceRaw('logsumexp', 'sum', xf, a, xf.dtype, opts);
    r = log(z);
    z.dispose();
  } else if (a.length === 1) {
    const rows = axisLast(xf, a[0]);
    const l = wrap(xf.backend.logSumExpLastAxis(rows.viewFor('logsumexp')), x.shape.filter((_, i) => i !== a[0]), xf.dtype);
    if (rows !== xf) rows.dispose();
    r = finish(x, l, a, opts.keepdim);
  } else {
    const m = stableShift(xf, a);
    const shifted = sub(xf, m);
    const e = exp(shifted);
    const s = sum(e, a, { keepdim: true });
    const l = log(s);
    const lse = add(l, m);
    for (const t of [shifted, e, s, l, m]) t.dispose();
    r = finish(x, squeezeAxes(lse, a), a, opts.keepdim);
  }
  if (xf !== x) xf.dispose();
  return r;
}

/** A view of x with axis `a` moved last and the others in order (x itself when a is last). */
function axisLast(x: Tensor, a: number): Tensor {
  if (a === x.rank - 1) return x;
  return permute(x, [...[...x.shape.keys()].filter((i) => i !== a), a]);
}

function squeezeAxes(r: Tensor, axes: number[]): Tensor {
  const shape = r.shape.filter((_, i) => !axes.includes(i));
  const v = reshape(r, shape);
  r.dispose();
  return v;
}

export interface VarOptions extends ReduceOptions {
  /** Bessel's correction (PyTorch default 1). */
  correction?: number;
}

/**
 * The first of the trailing axes that `axes` reduces (rank − 1 when only the last), or
 * -1 when the last axis is kept or x is empty: those axes merge into rows for the
 * backend's one-pass row moments.
 */
function trailingStart(x: Tensor, axes: readonly number[]): number {
  if (x.rank === 0 || x.size === 0 || !axes.includes(x.rank - 1)) return -1;
  let t = x.rank - 1;
  while (t > 0 && axes.includes(t - 1)) t--;
  return t;
}

/**
 * Mean and biased variance over `axes`, which reduce the trailing axes from `t` on:
 * one backend pass of row moments over those axes merged into one, then the per-row
 * results of the other reduced axes combined (equal counts: the mean of the means,
 * and the mean of the variances plus the variance of the means). Float input; shapes
 * without the reduced axes.
 */
function rowMoments(x: Tensor, axes: readonly number[], t: number): { mean: Tensor; variance: Tensor } {
  const xf = isFloat(x.dtype) ? x : cast(x, 'float32');
  const lead = x.shape.slice(0, t);
  const rows = reshape(xf, [...lead, -1]);
  const r = xf.backend.momentsLastAxis(rows.viewFor('var'));
  if (rows !== xf) rows.dispose();
  if (xf !== x) xf.dispose();
  const rowMean = wrap(r.mean, lead, xf.dtype);
  const rowVar = wrap(r.variance, lead, xf.dtype);
  const rest = axes.filter((i) => i < t);
  if (!rest.length) return { mean: rowMean, variance: rowVar };
  const m = mean(rowMean, rest, { keepdim: true });
  const d = sub(rowMean, m);
  const spread = mul(d, d);
  const within = add(rowVar, spread);
  const v = mean(within, rest);
  for (const u of [rowMean, rowVar, d, spread, within]) u.dispose();
  return { mean: squeezeAxes(m, rest), variance: v };
}

/** Biased variance v of N values, rescaled to Σ(x − mean)² / (N − correction). */
function corrected(v: Tensor, n: number, correction: number): Tensor {
  if (correction === 0) return v;
  const dof = Math.max(0, n - correction);
  // N − correction ≤ 0 divides Σ(x − mean)² by zero: inf, or NaN where it is 0 (PyTorch).
  const r = dof > 0 ? mul(v, n / dof) : div(mul(v, n), 0);
  v.dispose();
  return r;
}

/** Variance Σ(x − mean)² / (N − correction). Over axes that include the last, one pass of the backend's row moments (see varMean). */
export function variance(x: Tensor, axes?: Axes, opts: VarOptions = {}): Tensor {
  const [v, m] = varMean(x, axes, opts);
  m.dispose();
  return v;
}

/**
 * Variance and mean over `axes` together, as torch.var_mean: [variance, mean]. When the
 * axes include the last, both come from one pass of the backend's row moments (Welford
 * on WebGPU) over the trailing reduced axes, which is what a layer norm needs; a batch
 * norm's leading axis is then combined over the per-row results.
 */
export function varMean(x: Tensor, axes?: Axes, opts: VarOptions = {}): [Tensor, Tensor] {
  const a = normAxes('var', axes, x.rank);
  const n = a.reduce((acc, i) => acc * x.shape[i], 1);
  const correction = opts.correction ?? 1;
  const t = trailingStart(x, a);
  if (t >= 0) {
    const r = rowMoments(x, a, t);
    return [finish(x, corrected(r.variance, n, correction), a, opts.keepdim), finish(x, r.mean, a, opts.keepdim)];
  }
  const m = mean(x, a, { keepdim: true });
  const d = sub(x, m);
  const sq = mul(d, d);
  const s = sum(sq, a, opts);
  const v = div(s, Math.max(0, n - correction));
  for (const t of [d, sq, s]) t.dispose();
  return [v, opts.keepdim ? m : squeezeAxes(m, a)];
}

/**
 * Softmax along `axis`; rows holding NaN or +inf, or only -inf, give NaN, as in PyTorch.
 * The backend computes it over the last axis in one pass; another axis is moved last
 * and the result copied back into place.
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  return rowSoftmax('softmax', x, axis, false);
}

/** log softmax along `axis`: (x − max) − log Σ exp(x − max), one backend pass as softmax. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return rowSoftmax('logSoftmax', x, axis, true);
}

function rowSoftmax(name: string, x: Tensor, axis: number, logOf: boolean): Tensor {
  const a = normAxis(name, axis, x.rank);
  const xf = isFloat(x.dtype) ? x : cast(x, 'float32');
  if (x.size === 0) return xf === x ? cast(x, x.dtype) : xf;
  const last = Math.max(0, x.rank - 1);
  let r: Tensor;
  if (a === last) {
    const shape = x.rank === 0 ? [1] : x.shape;
    const v = x.rank === 0 ? reshape(xf, shape) : xf;
    r = wrap(xf.backend.softmaxLastAxis(v.viewFor(name), xf.dtype, logOf), x.shape, xf.dtype);
    if (v !== xf) v.dispose();
  } else {
    const perm = [...x.shape.keys()];
    [perm[a], perm[last]] = [last, a];
    const moved = permute(xf, perm);
    const y = wrap(xf.backend.softmaxLastAxis(moved.viewFor(name), xf.dtype, logOf), moved.shape, xf.dtype);
    const back = permute(y, perm);
    r = contiguous(back);
    for (const t of [moved, y, back]) t.dispose();
  }
  if (xf !== x) xf.dispose();
  return r;
}

