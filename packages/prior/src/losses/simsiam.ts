/**
 * Image side of the LAM (L_loc_img): SimSiam without negatives (neighbouring regions
 * overlap, so other regions are not negatives):
 *   −½ [ mean cos(P(a), sg(b)) + mean cos(P(b), sg(a)) ]
 * with a = region tokens I, b = their report context C_I, P the predictor MLP and sg a
 * stop-gradient: each side is pulled towards the other only through its own prediction.
 * Means run over every leading position (batch and region).
 */
import { add, cosineSimilarity, mean, mul } from '@prior/autograd';
import { ShapeError, type Tensor } from '@prior/tensor';
import { fmt } from './checks.js';

export function simsiamLoss(a: Tensor, b: Tensor, predictor: (x: Tensor) => Tensor): Tensor {
  if (a.rank < 1 || a.rank !== b.rank || a.shape.some((n, i) => n !== b.shape[i])) {
    throw new ShapeError(`simsiamLoss: a and b must have the same shape [..., D], got ${fmt(a.shape)} and ${fmt(b.shape)}`);
  }
  const ab = mean(cosineSimilarity(predictor(a), b.detach(), -1));
  const ba = mean(cosineSimilarity(predictor(b), a.detach(), -1));
  return mul(add(ab, ba), -0.5);
}
