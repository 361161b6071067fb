/**
 * Sentence vectors from token states: the mean of each sentence's tokens, selected by
 * the tokenizer's per-token sentence index (−1 for CLS, SEP and padding, which belong
 * to no sentence). Built from a one-hot membership matrix and a matmul, so it is
 * differentiable and runs the same on every backend.
 */
import * as A from '@prior/autograd';
import { type Tensor, ShapeError, arange, cast, clamp, eq, reshape, scope, sum, unsqueeze } from '@prior/tensor';

/** [B, L, S] float membership: m[b, l, s] = 1 when token l of report b is in sentence s (constant). */
export function sentenceMembership(sentenceIndex: Tensor, slots: number, dtype: Tensor['dtype']): Tensor {
  return scope(() => {
    const s = reshape(arange(0, slots, 1, { dtype: 'int32', device: sentenceIndex.backend }), [1, 1, slots]);
    return cast(eq(unsqueeze(cast(sentenceIndex, 'int32'), 2), s), dtype);
  });
}

/**
 * tokens [B, L, D], sentenceIndex [B, L] → [B, S, D]: slot s of report b is the mean of
 * its tokens (0 when the sentence has no token, e.g. a padding slot).
 */
export function sentenceMeans(tokens: Tensor, sentenceIndex: Tensor, slots: number): Tensor {
  if (tokens.rank !== 3 || sentenceIndex.rank !== 2 || sentenceIndex.shape[0] !== tokens.shape[0] || sentenceIndex.shape[1] !== tokens.shape[1]) {
    throw new ShapeError(`sentenceMeans: tokens must be [B, L, D] and sentenceIndex [B, L], got [${tokens.shape.join(', ')}] and [${sentenceIndex.shape.join(', ')}]`);
  }
  const m = sentenceMembership(sentenceIndex, slots, tokens.dtype);
  // 1 / max(tokens in the sentence, 1): [B, S, 1].
  const inv = scope(() => unsqueeze(A.div(1, clamp(sum(m, 1), 1, Infinity)), 2));
  return A.mul(A.matmul(A.transpose(m, 1, 2), tokens), inv);
}
