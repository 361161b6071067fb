/**
 * F.cosine_embedding_loss of PyTorch 1.13: per pair, 1 − cos(x1, x2) where y = 1 and
 * max(0, cos − margin) where y = −1 (0 for any other label). The cosine is PyTorch's
 * own formula for this loss: Σx1x2 / sqrt((Σx1² + ε)(Σx2² + ε)), ε = 1e-12.
 */
import * as A from '@prior/autograd';
import { ShapeError, type Tensor } from '@prior/tensor';
import { checkFloat, checkReduction, checkSameShape, fmt } from './checks.js';
import { type Reduction, reduce } from './reduction.js';

export interface CosineEmbeddingOptions {
  /** Dissimilar pairs cost nothing below this cosine (default 0; PyTorch suggests 0 to 0.5). */
  margin?: number;
  reduction?: Reduction;
}

const EPS = 1e-12;

export function cosineEmbedding(input1: Tensor, input2: Tensor, target: Tensor, opts: CosineEmbeddingOptions = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  const margin = opts.margin ?? 0;
  checkReduction('cosineEmbedding', reduction);
  checkFloat('cosineEmbedding', input1, 'input1');
  checkSameShape('cosineEmbedding', input1, input2, 'input2');
  if (input1.rank !== 1 && input1.rank !== 2) throw new ShapeError(`cosineEmbedding: inputs must be [D] or [N, D], got ${fmt(input1.shape)}`);
  const want = input1.rank === 2 ? [input1.shape[0]] : [];
  if (target.rank !== want.length || (want.length === 1 && target.shape[0] !== want[0])) {
    throw new ShapeError(`cosineEmbedding: target shape ${fmt(target.shape)} must be ${fmt(want)} (one label per pair)`);
  }
  const dim = input1.rank - 1;
  const dot = A.sum(A.mul(input1, input2), dim);
  const m1 = A.add(A.sum(A.square(input1), dim), EPS);
  const m2 = A.add(A.sum(A.square(input2), dim), EPS);
  const cos = A.div(dot, A.sqrt(A.mul(m1, m2)));
  const pos = A.where(A.eq(target, 1), A.sub(1, cos), 0);
  const neg = A.where(A.eq(target, -1), A.clamp(A.sub(cos, margin), 0), 0);
  return reduce(A.add(pos, neg), reduction);
}
