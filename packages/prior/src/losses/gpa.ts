/**
 * Global prediction alignment (L_gpa): the matched predictions of each report, put in
 * their targets' slots, are pooled into one vector (through the prototype bank and the
 * report's attention pooling; the caller passes that as `pool`) and aligned with the
 * report's global vector by the CLIP loss.
 */
import { concat, indexSelect, reshape } from '@prior/autograd';
import { tensor, zeros, type Tensor } from '@prior/tensor';
import { expectShape } from './checks.js';
import { clipLoss } from './clip.js';
import type { SentenceMatching } from './sentence-matching.js';

/** Pools [B, S, D] slot vectors, of which counts[b] are real in report b, to [B, D]. */
export type SentencePool = (slots: Tensor, counts: readonly number[]) => Tensor;

/**
 * Predictions [B, Q, D] rearranged into target order: [B, S, D] whose first matched[b]
 * slots of report b hold its matched predictions sorted by target index (so, when every
 * target is matched, slot t holds the prediction matched to target t); other slots are 0.
 * Gradients flow back to the matched predictions. Returns the real-slot counts.
 */
export function arrangeMatched(predictions: Tensor, m: SentenceMatching): { slots: Tensor; counts: number[] } {
  expectShape('arrangeMatched', 'predictions', predictions, [m.batch, m.queries, null]);
  const d = predictions.shape[2];
  const zeroRow = m.batch * m.queries; // index of an appended row of zeros
  const index = new Int32Array(m.batch * m.slots).fill(zeroRow);
  const order = Array.from(m.report.keys()).sort((a, b) => m.report[a] - m.report[b] || m.target[a] - m.target[b]);
  const filled = new Array<number>(m.batch).fill(0);
  for (const k of order) {
    const r = m.report[k];
    index[r * m.slots + filled[r]++] = r * m.queries + m.prediction[k];
  }
  const flat = concat([reshape(predictions, [zeroRow, d]), zeros([1, d], { dtype: predictions.dtype, device: predictions.backend })], 0);
  const picked = indexSelect(flat, 0, tensor(index, { shape: [index.length], device: predictions.backend }));
  return { slots: reshape(picked, [m.batch, m.slots, d]), counts: [...m.matched] };
}

/** L_gpa: clipLoss(pool(matched predictions), report global vectors [B, D], logScale). */
export function gpaLoss(predictions: Tensor, matching: SentenceMatching, reportGlobal: Tensor, logScale: Tensor, pool: SentencePool): Tensor {
  expectShape('gpaLoss', 'reportGlobal', reportGlobal, [matching.batch, null]);
  const { slots, counts } = arrangeMatched(predictions, matching);
  return clipLoss(pool(slots, counts), reportGlobal, logScale);
}
