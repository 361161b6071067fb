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

/**
 * x̂ and 1/σ over `axes` (biased variance, as normalisation layers use). Mean and
 * variance come from T.varMean: one pass of the backend's row moments over the
 * trailing reduced axes (all of a layer norm's; H and W of a batch norm's, whose batch
 * axis is then combined over the per-row results).
 */
export function standardize(x: Tensor, axes: number[], eps: number): { xhat: Tensor; rstd: Tensor; mean: Tensor; variance: Tensor } {
  const [variance, mean] = T.varMean(x, axes, { correction: 0, keepdim: true });
  const rstd = T.rsqrt(T.add(variance, eps));
  return { xhat: T.mul(T.sub(x, mean), rstd), rstd, mean, variance };
}
