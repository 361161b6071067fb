/**
 * Sentence prototype generation loss (L_spg): L1 between each real target sentence's
 * prototype vector and the decoder prediction matched to it, averaged over D, then over
 * a report's matched pairs, then over reports. Padded slots take no part (the reference
 * also averaged the zero-padded slots in).
 */
import { abs, mean, mul, sub, sum } from '@prior/autograd';
import { type Tensor } from '@prior/tensor';
import { gatherMatched, pairWeights, type SentenceMatching } from './sentence-matching.js';

/** predictions [B, Q, D], targets [B, S, D], matching from matchSentences. */
export function spgLoss(predictions: Tensor, targets: Tensor, matching: SentenceMatching): Tensor {
  const m = gatherMatched(predictions, targets, matching);
  const perPair = mean(abs(sub(m.predictions, m.targets)), -1);
  return sum(mul(perPair, pairWeights(matching, predictions)));
}
