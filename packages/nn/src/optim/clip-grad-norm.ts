/**
 * torch.nn.utils.clip_grad_norm_ (1.13): the norm of all gradients together (the norm of
 * the per-tensor norms), then every gradient scaled by min(1, maxNorm / (norm + 1e-6)).
 * The scale is applied without reading the norm back, so it never stalls the GPU queue.
 */
import { noGrad } from '@prior/autograd';
import * as T from '@prior/tensor';
import { type Tensor, TensorError, keep, scope } from '@prior/tensor';
import type { Parameter } from '../module/index.js';

export interface ClipGradNormOptions {
  /** p of the p-norm (default 2; Infinity for the largest magnitude). */
  normType?: number;
}

function norm(g: Tensor, p: number): Tensor {
  if (p === Infinity) return T.max(T.abs(g));
  if (p === 2) return T.sqrt(T.sum(T.square(g)));
  if (p === 1) return T.sum(T.abs(g));
  return T.pow(T.sum(T.pow(T.abs(g), p)), 1 / p);
}

/** Scales the gradients in place of the old ones; returns the total norm before clipping (a rank-0 tensor the caller owns). */
export function clipGradNorm(params: Iterable<Parameter>, maxNorm: number, opts: ClipGradNormOptions = {}): Tensor {
  const p = opts.normType ?? 2;
  if (!(p > 0)) throw new TensorError(`clipGradNorm: normType must be positive, got ${p}`);
  if (!(maxNorm >= 0)) throw new TensorError(`clipGradNorm: maxNorm must be non-negative, got ${maxNorm}`);
  const withGrad = [...params].filter((q) => q.grad);
  if (withGrad.length === 0) return T.zeros([]);
  return noGrad(() =>
    scope(() => {
      const dtype = withGrad[0].grad!.dtype;
      const norms = withGrad.map((q) => T.reshape(T.cast(norm(q.grad!, p), dtype), [1]));
      const all = T.cat(norms, 0);
      const total = norm(all, p);
      const coef = T.clamp(T.div(maxNorm, T.add(total, 1e-6)), null, 1);
      for (const q of withGrad) q.grad = keep(T.mul(q.grad!, T.cast(coef, q.grad!.dtype)));
      return total;
    }),
  );
}
