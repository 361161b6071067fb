/**
 * The local alignment module's cross-attention, both ways, single head of width D:
 *   A_t = σ(Q(T) K(I)ᵀ / √D) ∈ [B, S, R],  C_T = A_t V(I)  (image context of each sentence)
 *   A_i = σ(Q(I) K(T)ᵀ / √D) ∈ [B, R, S],  C_I = A_i V(T)  (report context of each region)
 * A sigmoid, not a softmax: a region may match no sentence or several. The inputs are
 * the already projected queries, keys and values. Padded sentence slots (beyond
 * counts[b]) get zero attention both ways, so they add nothing to C_I and their C_T rows are 0.
 */
import { matmul, mul, sigmoid, transpose, unsqueeze } from '@prior/autograd';
import { type Tensor } from '@prior/tensor';
import { expectCounts, expectShape, sentenceMask } from './checks.js';

export interface LocalAttentionInputs {
  /** Q(T): [B, S, D] */
  textQuery: Tensor;
  /** K(T): [B, S, D] */
  textKey: Tensor;
  /** V(T): [B, S, D] */
  textValue: Tensor;
  /** Q(I): [B, R, D] */
  imageQuery: Tensor;
  /** K(I): [B, R, D] */
  imageKey: Tensor;
  /** V(I): [B, R, D] */
  imageValue: Tensor;
}

export interface LocalAttention {
  /** A_t [B, S, R]: how much each sentence attends to each region. */
  textAttention: Tensor;
  /** C_T [B, S, D]. */
  textContext: Tensor;
  /** A_i [B, R, S]: how much each region attends to each sentence. */
  imageAttention: Tensor;
  /** C_I [B, R, D]. */
  imageContext: Tensor;
}

export function localCrossAttention(x: LocalAttentionInputs, counts?: readonly number[]): LocalAttention {
  const fn = 'localCrossAttention';
  expectShape(fn, 'textQuery', x.textQuery, [null, null, null]);
  const [b, s, d] = x.textQuery.shape;
  const r = x.imageQuery.shape[1];
  expectShape(fn, 'textKey', x.textKey, [b, s, d]);
  expectShape(fn, 'textValue', x.textValue, [b, s, null]);
  expectShape(fn, 'imageQuery', x.imageQuery, [b, r, d]);
  expectShape(fn, 'imageKey', x.imageKey, [b, r, d]);
  expectShape(fn, 'imageValue', x.imageValue, [b, r, null]);
  const scale = 1 / Math.sqrt(d);
  let textAttention = sigmoid(mul(matmul(x.textQuery, transpose(x.imageKey, 1, 2)), scale));
  let imageAttention = sigmoid(mul(matmul(x.imageQuery, transpose(x.textKey, 1, 2)), scale));
  if (counts) {
    expectCounts(fn, counts, b, s);
    const m = sentenceMask(counts, s, x.textQuery);
    textAttention = mul(textAttention, unsqueeze(m, 2));
    imageAttention = mul(imageAttention, unsqueeze(m, 1));
  }
  return {
    textAttention,
    textContext: matmul(textAttention, x.imageValue),
    imageAttention,
    imageContext: matmul(imageAttention, x.textValue),
  };
}
