/** Reductions. Each rule reshapes g to the keepdim shape and broadcasts it back over the reduced axes. */
import * as T from '@prior/tensor';
import type { Tensor } from '@prior/tensor';
import { type Axes, keepShape, normAxes, sizeOfAxes } from '../axes.js';
import { differentiable } from '../record.js';

export type { Axes };
export interface ReduceOptions {
  keepdim?: boolean;
}
export interface VarOptions extends ReduceOptions {
  /** Bessel's correction (PyTorch default 1). */
  correction?: number;
}

/** g (shaped like the reduction's output) seen with x's rank, size 1 on the reduced axes. */
function keep(g: Tensor, x: Tensor, axes: Axes | undefined): { gk: Tensor; a: number[] } {
  const a = normAxes('backward', axes, x.rank);
  return { gk: T.reshape(g, keepShape(x.shape, a)), a };
}

/** The output y seen with x's rank. */
const keepOut = (y: Tensor, x: Tensor, a: number[]) => T.reshape(y, keepShape(x.shape, a));

export const sum = differentiable(
  'sum',
  (x: Tensor, axes?: Axes, opts?: ReduceOptions) => T.sum(x, axes, opts),
  (g, { args: [x, axes] }) => [T.expand(keep(g, x, axes).gk, x.shape)],
  'none',
);

export const mean = differentiable(
  'mean',
  (x: Tensor, axes?: Axes, opts?: ReduceOptions) => T.mean(x, axes, opts),
  (g, { args: [x, axes] }) => {
    const { gk, a } = keep(g, x, axes);
    return [T.expand(T.div(gk, sizeOfAxes(x.shape, a)), x.shape)];
  },
  'none',
);

/**
 * d prod / dx_i is the product of the other entries. Computed without dividing by
 * zero: with no zero in the slice it is prod / x_i; with one zero it is the product of
 * the rest at that zero and 0 elsewhere; with more it is 0.
 */
export const prod = differentiable(
  'prod',
  (x: Tensor, axes?: Axes, opts?: ReduceOptions) => T.prod(x, axes, opts),
  (g, { args: [x, axes] }) => {
    const { gk, a } = keep(g, x, axes);
    const isZero = T.eq(x, 0);
    const zeros = T.sum(T.cast(isZero, 'int32'), a, { keepdim: true });
    const nonzeroProd = T.prod(T.where(isZero, 1, x), a, { keepdim: true });
    const noZero = T.div(nonzeroProd, T.where(isZero, 1, x));
    const oneZero = T.where(isZero, nonzeroProd, 0);
    const d = T.where(T.eq(zeros, 0), noZero, T.where(T.eq(zeros, 1), oneZero, 0));
    return [T.mul(gk, d)];
  },
  'inputs',
);

/** Ties share the gradient equally (PyTorch's amax/amin rule). */
function extremum(name: 'max' | 'min', f: (x: Tensor, axes?: Axes, opts?: ReduceOptions) => Tensor) {
  return differentiable(
    name,
    (x: Tensor, axes?: Axes, opts?: ReduceOptions) => f(x, axes, opts),
    (g, { args: [x, axes], out }) => {
      const { gk, a } = keep(g, x, axes);
      const hit = T.eq(x, keepOut(out, x, a));
      const count = T.sum(T.cast(hit, g.dtype), a, { keepdim: true });
      return [T.where(hit, T.div(gk, count), 0)];
    },
    'both',
  );
}
export const max = extremum('max', T.max);
export const min = extremum('min', T.min);

/** d/dx logsumexp = softmax(x) over the reduced axes. */
export const logsumexp = differentiable(
  'logsumexp',
  (x: Tensor, axes?: Axes, opts?: ReduceOptions) => T.logsumexp(x, axes, opts),
  (g, { args: [x, axes], out }) => {
    const { gk, a } = keep(g, x, axes);
    return [T.mul(gk, T.exp(T.sub(x, keepOut(out, x, a))))];
  },
  'both',
);

export const variance = differentiable(
  'variance',
  (x: Tensor, axes?: Axes, opts?: VarOptions) => T.variance(x, axes, opts),
  (g, { args: [x, axes, opts] }) => {
    const { gk, a } = keep(g, x, axes);
    const n = sizeOfAxes(x.shape, a);
    const centred = T.sub(x, T.mean(x, a, { keepdim: true }));
    return [T.mul(gk, T.mul(centred, 2 / Math.max(0, n - (opts?.correction ?? 1))))];
  },
  'inputs',
);
