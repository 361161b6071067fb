import * as T from '@prior/tensor';
import type { Tensor } from '@prior/tensor';

/**
 * Input gradient of x̂ = (x − mean)·rstd over `axes`, given the gradient of x̂:
 * rstd · (gx̂ − mean(gx̂) − x̂ · mean(gx̂ ⊙ x̂)). Shared by layer and batch norm.
 */
export function normalizeBackward(gxhat: Tensor, xhat: Tensor, rstd: Tensor, axes: number[]): Tensor {
  const m1 = T.mean(gxhat, axes, { keepdim: true });
  const m2 = T.mean(T.mul(gxhat, xhat), axes, { keepdim: true });
  return T.mul(rstd, T.sub(T.sub(gxhat, m1), T.mul(xhat, m2)));
}

/** Whether `axes` are the trailing axes of x (a layer norm's), so they can merge into one last axis. */
const isTrailing = (x: Tensor, axes: number[]): boolean => axes.length > 0 && axes.every((a, i) => a === x.rank - axes.length + i);

/**
 * x̂ and 1/σ over `axes` (biased variance, as normalisation layers use). Over trailing
 * axes (layer norm) the mean and variance come from one pass of the backend's row
 * moments over the merged axes; other axes (batch norm) compose mean and square.
 */
export function standardize(x: Tensor, axes: number[], eps: number): { xhat: Tensor; rstd: Tensor; mean: Tensor; variance: Tensor } {
  if (isTrailing(x, axes) && x.size > 0) {
    const keep = x.shape.map((n, i) => (axes.includes(i) ? 1 : n));
    const rows = T.reshape(x, [...x.shape.slice(0, x.rank - axes.length), -1]);
    const [v, m] = T.varMean(rows, -1, { correction: 0 });
    const mean = T.reshape(m, keep);
    const variance = T.reshape(v, keep);
    const rstd = T.rsqrt(T.add(variance, eps));
    return { xhat: T.mul(T.sub(x, mean), rstd), rstd, mean, variance };
  }
  const mean = T.mean(x, axes, { keepdim: true });
  const xc = T.sub(x, mean);
  const variance = T.mean(T.square(xc), axes, { keepdim: true });
  const rstd = T.rsqrt(T.add(variance, eps));
  return { xhat: T.mul(xc, rstd), rstd, mean, variance };
}
