/**
 * x / max(|x|, eps) along `dim` (F.normalize with p = 2). With d that denominator,
 * dx = (g − y·Σ g⊙y) / d where |x| > eps, and g / eps where the floor is active.
 */
import * as T from '@prior/tensor';
import type { Tensor } from '@prior/tensor';
import { customVjp } from '../record.js';

const fused = customVjp(
  (x: Tensor, dim: number, eps: number) => {
    const norm = T.sqrt(T.sum(T.square(x), dim, { keepdim: true }));
    const d = T.maximum(norm, eps);
    const y = T.div(x, d);
    return { output: y, saved: [y, d, T.gt(norm, eps)] };
  },
  (g, [y, d, free], _needs, [, dim]) => {
    const radial = T.where(free, T.mul(y, T.sum(T.mul(g, y), dim, { keepdim: true })), 0);
    return [T.div(T.sub(g, radial), d)];
  },
  'l2Normalize',
);

export function l2Normalize(x: Tensor, dim = -1, eps = 1e-12): Tensor {
  return fused(x, dim, eps);
}
