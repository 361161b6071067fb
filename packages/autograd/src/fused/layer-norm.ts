/** Layer normalisation over the trailing `normalizedShape` dims, with optional affine weight and bias. */
import * as T from '@prior/tensor';
import { ShapeError, type Tensor } from '@prior/tensor';
import { customVjp } from '../record.js';
import { normalizeBackward, standardize } from './normalize-backward.js';

const trailing = (x: Tensor, k: number) => Array.from({ length: k }, (_, i) => x.rank - k + i);

const fused = customVjp(
  (x: Tensor, weight: Tensor | null, bias: Tensor | null, k: number, eps: number) => {
    const { xhat, rstd } = standardize(x, trailing(x, k), eps);
    let y = weight ? T.mul(xhat, weight) : xhat;
    if (bias) y = T.add(y, bias);
    return { output: y, saved: [xhat, rstd, ...(weight ? [weight] : [])] };
  },
  (g, [xhat, rstd, weight], needs, [x, , , k]) => [
    // The tape sums weight's and bias's gradients over the leading (batch) dims.
    needs[0] ? normalizeBackward(weight ? T.mul(g, weight) : g, xhat, rstd, trailing(x, k)) : null,
    needs[1] ? T.mul(g, xhat) : null,
    needs[2] ? g : null,
  ],
  'layerNorm',
);

export function layerNorm(x: Tensor, normalizedShape: readonly number[], weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor {
  const k = normalizedShape.length;
  const tail = x.shape.slice(x.rank - k);
  if (k === 0 || k > x.rank || tail.some((n, i) => n !== normalizedShape[i])) {
    throw new ShapeError(`layerNorm: normalizedShape [${normalizedShape.join(', ')}] must match the trailing dims of the input [${x.shape.join(', ')}]`);
  }
  for (const [name, t] of [['weight', weight], ['bias', bias]] as const) {
    if (t && (t.rank !== k || t.shape.some((n, i) => n !== normalizedShape[i]))) {
      throw new ShapeError(`layerNorm: ${name} must have shape [${normalizedShape.join(', ')}], got [${t.shape.join(', ')}]`);
    }
  }
  return fused(x, weight, bias, k, eps);
}
