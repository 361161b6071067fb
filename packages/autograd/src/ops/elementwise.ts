/**
 * Elementwise ops and their rules. Each rule returns the gradient in the broadcast
 * output shape; the tape sums it back to each input's shape.
 */
import * as T from '@prior/tensor';
import type { DType, Tensor } from '@prior/tensor';
import { type Save, differentiable } from '../record.js';

import type { TensorLike } from '@prior/tensor';
export type { TensorLike };

/** One-input op whose rule reads the input x and/or the output y. */
function unary(name: string, f: (x: Tensor) => Tensor, rule: (g: Tensor, x: Tensor, y: Tensor) => Tensor, save: Save) {
  return differentiable(name, (x: Tensor) => f(x), (g, { args: [x], out }) => [rule(g, x, out)], save);
}

export const neg = unary('neg', T.neg, (g) => T.neg(g), 'none');
export const abs = unary('abs', T.abs, (g, x) => T.mul(g, T.sign(x)), 'inputs');
/** Piecewise constant: zero gradient (PyTorch's convention). */
export const sign = unary('sign', T.sign, (g) => T.zerosLike(g), 'none');
export const square = unary('square', T.square, (g, x) => T.mul(g, T.mul(x, 2)), 'inputs');
export const relu = unary('relu', T.relu, (g, _x, y) => T.where(T.gt(y, 0), g, 0), 'output');
export const exp = unary('exp', T.exp, (g, _x, y) => T.mul(g, y), 'output');
export const log = unary('log', T.log, (g, x) => T.div(g, x), 'inputs');
export const log1p = unary('log1p', T.log1p, (g, x) => T.div(g, T.add(x, 1)), 'inputs');
export const sqrt = unary('sqrt', T.sqrt, (g, _x, y) => T.div(g, T.mul(y, 2)), 'output');
export const rsqrt = unary('rsqrt', T.rsqrt, (g, _x, y) => T.mul(g, T.mul(T.mul(y, T.square(y)), -0.5)), 'output');
export const sin = unary('sin', T.sin, (g, x) => T.mul(g, T.cos(x)), 'inputs');
export const cos = unary('cos', T.cos, (g, x) => T.neg(T.mul(g, T.sin(x))), 'inputs');
export const tanh = unary('tanh', T.tanh, (g, _x, y) => T.mul(g, T.sub(1, T.square(y))), 'output');
export const sigmoid = unary('sigmoid', T.sigmoid, (g, _x, y) => T.mul(g, T.mul(y, T.sub(1, y))), 'output');
export const erf = unary('erf', T.erf, (g, x) => T.mul(g, T.mul(T.exp(T.neg(T.square(x))), 2 / Math.sqrt(Math.PI))), 'inputs');
/** A copy with its own storage; the gradient passes through. */
export const clone = unary('clone', T.clone, (g) => g, 'none');

/** Float-to-float casts pass the gradient back (cast to the input's dtype); other casts are constants. */
export const cast = differentiable('cast', (x: Tensor, dtype: DType) => T.cast(x, dtype), (g) => [g], 'none');

/** Two-argument op; `rule` returns [d/da, d/db] and is asked only for the wanted ones. */
function binary(
  name: string,
  f: (a: TensorLike, b: TensorLike) => Tensor,
  rule: (g: Tensor, a: TensorLike, b: TensorLike, y: Tensor, needs: readonly boolean[]) => [Tensor | null, Tensor | null],
  save: Save,
) {
  return differentiable(name, (a: TensorLike, b: TensorLike) => f(a, b), (g, { args: [a, b], out, needs }) => rule(g, a, b, out, needs), save);
}

export const add = binary('add', T.add, (g) => [g, g], 'none');
export const sub = binary('sub', T.sub, (g, _a, _b, _y, n) => [g, n[1] ? T.neg(g) : null], 'none');
export const mul = binary('mul', T.mul, (g, a, b, _y, n) => [n[0] ? T.mul(g, b) : null, n[1] ? T.mul(g, a) : null], 'inputs');
export const div = binary('div', T.div, (g, _a, b, y, n) => [n[0] ? T.div(g, b) : null, n[1] ? T.neg(T.div(T.mul(g, y), b)) : null], 'both');
function powExponentGrad(g: Tensor, a: TensorLike, y: Tensor): Tensor {
  if (typeof a !== 'object') return Number(a) === 0 ? T.zerosLike(g) : T.mul(g, T.mul(y, Math.log(Number(a))));
  return T.where(T.eq(a, 0), 0, T.mul(g, T.mul(y, T.log(a))));
}

/** d/db is taken as 0 where a = 0 (PyTorch's convention), so 0^b stays finite. */
export const pow = binary(
  'pow',
  T.pow,
  (g, a, b, y, n) => [
    n[0] ? T.mul(g, T.mul(b, T.pow(a, typeof b === 'number' ? b - 1 : T.sub(b, 1)))) : null,
    n[1] ? powExponentGrad(g, a, y) : null,
  ],
  'both',
);

/** Ties share the gradient equally, as in PyTorch. */
function pick(g: Tensor, win: Tensor, tie: Tensor): Tensor {
  return T.where(win, g, T.where(tie, T.mul(g, 0.5), 0));
}
export const maximum = binary('maximum', T.maximum, (g, a, b) => [pick(g, T.gt(a, b), T.eq(a, b)), pick(g, T.lt(a, b), T.eq(a, b))], 'inputs');
export const minimum = binary('minimum', T.minimum, (g, a, b) => [pick(g, T.lt(a, b), T.eq(a, b)), pick(g, T.gt(a, b), T.eq(a, b))], 'inputs');

/** cond ? a : b; the condition gets no gradient. */
export const where = differentiable(
  'where',
  (cond: TensorLike, a: TensorLike, b: TensorLike) => T.where(cond, a, b),
  (g, { args: [cond, , ], needs }) => [null, needs[1] ? T.where(cond, g, 0) : null, needs[2] ? T.where(cond, 0, g) : null],
  'inputs',
);

/** x where mask is false, value where it is true. */
export const maskedFill = differentiable(
  'maskedFill',
  (x: Tensor, mask: Tensor, value: TensorLike) => T.maskedFill(x, mask, value),
  (g, { args: [, mask], needs }) => [needs[0] ? T.where(mask, 0, g) : null, null, needs[2] ? T.where(mask, g, 0) : null],
  'inputs',
);

/** Limits x to [min, max]; the gradient goes to x inside the range (bounds included), to a bound outside it. */
export const clamp = differentiable(
  'clamp',
  (x: Tensor, min?: TensorLike | null, max?: TensorLike | null) => T.clamp(x, min, max),
  (g, { args: [x, min, max] }) => {
    const below = min === undefined || min === null ? null : T.lt(x, min);
    const above = max === undefined || max === null ? null : T.gt(x, max);
    if (!below && !above) return [g, null, null];
    const outside = below && above ? T.logicalOr(below, above) : ((below ?? above) as Tensor);
    const inside = T.logicalNot(outside);
    return [T.where(inside, g, 0), below ? T.where(below, g, 0) : null, above ? T.where(above, g, 0) : null];
  },
  'inputs',
);
