/**
 * The segmentation loss: soft Dice on the sigmoid probabilities plus binary cross-entropy
 * on the logits. Dice alone ignores easy background and gives no gradient signal to
 * images whose mask is empty; BCE alone under-weights small lesions. Per image,
 *   dice = 1 − (2·Σ p·t + s) / (Σ p + Σ t + s)
 * with smoothing s (default 1), so an empty truth predicted empty costs 0, then averaged
 * over the batch; BCE is the mean over all pixels.
 */
import * as A from '@prior/autograd';
import { binaryCrossEntropyWithLogits } from '@prior/nn';
import { ShapeError, type Tensor } from '@prior/tensor';

export interface DiceBceOptions {
  /** Weight of the Dice term (default 1). */
  diceWeight?: number;
  /** Weight of the BCE term (default 1). */
  bceWeight?: number;
  /** Added to the Dice numerator and denominator (default 1). */
  smooth?: number;
}

const checkShapes = (what: string, logits: Tensor, target: Tensor) => {
  if (logits.rank < 2 || logits.shape.length !== target.shape.length || logits.shape.some((n, i) => n !== target.shape[i])) {
    throw new ShapeError(`${what}: logits [${logits.shape.join(', ')}] and target [${target.shape.join(', ')}] must have the same shape [B, ...]`);
  }
};

/** Mean over the batch of the per-image soft Dice loss (all axes but the first are one image). */
export function softDiceLoss(logits: Tensor, target: Tensor, smooth = 1): Tensor {
  checkShapes('softDiceLoss', logits, target);
  const axes = Array.from({ length: logits.rank - 1 }, (_, i) => i + 1);
  const p = A.sigmoid(logits);
  const inter = A.sum(A.mul(p, target), axes);
  const denom = A.add(A.add(A.sum(p, axes), A.sum(target, axes)), smooth);
  return A.mean(A.sub(1, A.div(A.add(A.mul(inter, 2), smooth), denom)));
}

export function diceBceLoss(logits: Tensor, target: Tensor, opts: DiceBceOptions = {}): Tensor {
  checkShapes('diceBceLoss', logits, target);
  const dice = softDiceLoss(logits, target, opts.smooth ?? 1);
  const bce = binaryCrossEntropyWithLogits(logits, target);
  return A.add(A.mul(dice, opts.diceWeight ?? 1), A.mul(bce, opts.bceWeight ?? 1));
}
