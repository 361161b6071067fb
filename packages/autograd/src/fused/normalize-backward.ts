import * as T from '@prior/tensor';
import type { Tensor } from '@prior/tensor';

/**
 * Input gradient of x̂ = (x − mean)·rstd over `axes`, given the gradient of x̂:
 * rstd · (gx̂ − mean(gx̂) − x̂ · mean(gx̂ ⊙ x̂)), for layer norm (batch norm folds it into
 * per-channel coefficients, batch-norm.ts).
 */
export function normalizeBackward(gxhat: Tensor, xhat: Tensor, rstd: Tensor, axes: number[]): Tensor {
  const m1 = T.mean(gxhat, axes, { keepdim: true });
  const m2 = T.mean(T.mul(gxhat, xhat), axes, { keepdim: true });
  // Two fused passes: s = x̂·m2 + m1, then (gx̂ − s)·rstd.
  return T.shiftScale(gxhat, T.shiftScale(xhat, 0, m2, m1), rstd, 0);
}

/**
 * x̂ = (x − mean)·rstd and rstd over `axes` (biased variance, as normalisation layers
 * use): the moments from T.varMean (one pass of the backend's row moments), then one
 * fused pass.
 */
export function standardize(x: Tensor, axes: number[], eps: number): { xhat: Tensor; rstd: Tensor } {
  const [variance, mean] = T.varMean(x, axes, { correction: 0, keepdim: true });
  const rstd = T.rsqrt(T.add(variance, eps));
  return { xhat: T.shiftScale(x, mean, rstd, 0), rstd };
}
