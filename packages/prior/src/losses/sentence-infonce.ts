/**
 * Text side of the LAM (L_loc_txt): InfoNCE inside one report. For report b with n_b
 * sentences, logits = exp(logScale) · norm(C_T) norm(T)ᵀ (n_b × n_b), the positive of
 * each sentence's image context is that sentence, both directions averaged; the other
 * sentences of the same report are the only negatives. Reports are padded to S slots;
 * counts[b] says how many are real. Each report's loss is the mean over its sentences,
 * and the result the mean over reports that have at least one sentence.
 */
import { add, crossEntropy, exp, l2Normalize, matmul, mul, reshape, sum, transpose, unsqueeze, where } from '@prior/autograd';
import { gt, tensor, type Tensor } from '@prior/tensor';
import { expectCounts, expectScalar, expectShape, sentenceMask } from './checks.js';

/** Logit of padded columns: finite (an all-padding row stays NaN-free) yet exp() of it is 0. */
const PAD_LOGIT = -1e9;

export function sentenceInfoNCE(context: Tensor, sentences: Tensor, logScale: Tensor, counts: readonly number[]): Tensor {
  const fn = 'sentenceInfoNCE';
  expectShape(fn, 'context', context, [null, null, null]);
  const [b, s, d] = context.shape;
  expectShape(fn, 'sentences', sentences, [b, s, d]);
  expectScalar(fn, 'logScale', logScale);
  expectCounts(fn, counts, b, s);
  const logits = mul(matmul(l2Normalize(context, -1), transpose(l2Normalize(sentences, -1), 1, 2)), exp(reshape(logScale, [])));
  const valid = gt(unsqueeze(sentenceMask(counts, s, context), 1), 0); // [B, 1, S]: real columns
  // Per-row weight: 1 / (n_b · reports with sentences) on real rows, 0 on padding.
  const reports = counts.filter((n) => n > 0).length;
  const w = new Float64Array(b * s);
  counts.forEach((n, i) => w.fill(1 / (n * reports), i * s, i * s + n));
  const weight = tensor(w, { shape: [b * s], dtype: context.dtype, device: context.backend });
  const labels = tensor(Int32Array.from({ length: b * s }, (_, k) => k % s), { shape: [b * s], device: context.backend });
  const direction = (z: Tensor) => {
    const rows = reshape(where(valid, z, PAD_LOGIT), [b * s, s]);
    return sum(mul(crossEntropy(rows, labels, { reduction: 'none' }), weight));
  };
  return mul(add(direction(logits), direction(transpose(logits, 1, 2))), 0.5);
}
