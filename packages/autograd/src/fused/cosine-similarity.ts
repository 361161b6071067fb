/**
 * Cosine similarity along `dim` (inputs broadcast): a·b / sqrt(max(|a|²·|b|², eps²)),
 * PyTorch 1.13's formula. With n = that denominator, d/da = b/n − cos·a/|a|² (the
 * second term vanishes where the eps floor is active).
 */
import * as T from '@prior/tensor';
import type { Tensor } from '@prior/tensor';
import { normAxis } from '../axes.js';
import { expand } from '../ops/movement.js';
import { customVjp } from '../record.js';

const fused = customVjp(
  (a: Tensor, b: Tensor, dim: number, eps: number) => {
    const w12 = T.sum(T.mul(a, b), dim, { keepdim: true });
    const w1 = T.sum(T.square(a), dim, { keepdim: true });
    const w2 = T.sum(T.square(b), dim, { keepdim: true });
    const n = T.sqrt(T.maximum(T.mul(w1, w2), eps * eps));
    const cos = T.div(w12, n);
    const free = T.gt(T.mul(w1, w2), eps * eps);
    return { output: T.squeeze(cos, dim), saved: [a, b, w1, w2, n, cos, free] };
  },
  (g, [a, b, w1, w2, n, cos, free], needs, [, , dim]) => {
    const gk = T.unsqueeze(g, dim);
    const side = (x: Tensor, y: Tensor, wx: Tensor) => T.mul(gk, T.sub(T.div(y, n), T.where(free, T.div(T.mul(cos, x), wx), 0)));
    return [needs[0] ? side(a, b, w1) : null, needs[1] ? side(b, a, w2) : null];
  },
  'cosineSimilarity',
);

const same = (s: readonly number[], t: readonly number[]) => s.length === t.length && s.every((n, i) => n === t[i]);

export function cosineSimilarity(a: Tensor, b: Tensor, dim = -1, eps = 1e-8): Tensor {
  const shape = T.broadcastShapes('cosineSimilarity', a.shape, b.shape);
  const d = normAxis('cosineSimilarity', dim, shape.length);
  // Broadcast first (recorded, so gradients sum back), then reduce along one common axis.
  const a2 = same(a.shape, shape) ? a : expand(a, shape);
  const b2 = same(b.shape, shape) ? b : expand(b, shape);
  return fused(a2, b2, d, eps);
}
