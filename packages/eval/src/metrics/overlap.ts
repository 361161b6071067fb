/**
 * Dice and IoU (Jaccard) for binary segmentation masks.
 *
 * A pixel is foreground when its value is ≥ `threshold` (0.5 by default, so 0/1 masks and
 * probability maps both work). Per image: Dice = 2|A∩B| / (|A|+|B|), IoU = |A∩B| / |A∪B|;
 * when prediction and truth are both empty the image scores 1 (nothing to find, nothing
 * found — scikit-learn's `zero_division=1`). Aggregates: `mean` over images (what the
 * segmentation papers report) and `global`, from pixel counts pooled over all images.
 */
import { MetricInputError } from '../errors.js';
import { type Numbers, nonEmpty, sameLength } from './check.js';

export interface OverlapCounts {
  /** |A∩B|, |A|, |B| in pixels (A = prediction, B = truth). */
  intersection: number;
  predicted: number;
  actual: number;
}

export function overlapCounts(pred: Numbers, truth: Numbers, threshold = 0.5): OverlapCounts {
  sameLength('overlap', truth, 'truth', pred, 'pred');
  let intersection = 0;
  let predicted = 0;
  let actual = 0;
  for (let i = 0; i < pred.length; i++) {
    if (Number.isNaN(pred[i])) throw new MetricInputError('overlap', `pred[${i}]`, 'a number', 'NaN');
    const p = pred[i] >= threshold;
    const t = truth[i] >= threshold;
    predicted += p ? 1 : 0;
    actual += t ? 1 : 0;
    intersection += p && t ? 1 : 0;
  }
  return { intersection, predicted, actual };
}

export function diceFromCounts(c: OverlapCounts): number {
  const denom = c.predicted + c.actual;
  return denom === 0 ? 1 : (2 * c.intersection) / denom;
}

export function iouFromCounts(c: OverlapCounts): number {
  const union = c.predicted + c.actual - c.intersection;
  return union === 0 ? 1 : c.intersection / union;
}

/** Dice of one predicted mask against one true mask. */
export function dice(pred: Numbers, truth: Numbers, threshold = 0.5): number {
  return diceFromCounts(overlapCounts(pred, truth, threshold));
}

/** IoU of one predicted mask against one true mask. */
export function iou(pred: Numbers, truth: Numbers, threshold = 0.5): number {
  return iouFromCounts(overlapCounts(pred, truth, threshold));
}

export interface OverlapSummary {
  /** Mean of the per-image scores. */
  mean: number;
  /** Score of the pixel counts summed over all images. */
  global: number;
  perImage: number[];
}

export interface MaskScores {
  dice: OverlapSummary;
  iou: OverlapSummary;
}

/** Dice and IoU per image and aggregated, over a list of (prediction, truth) mask pairs. */
export function maskScores(preds: readonly Numbers[], truths: readonly Numbers[], threshold = 0.5): MaskScores {
  nonEmpty('maskScores', truths, 'truths');
  if (preds.length !== truths.length) throw new MetricInputError('maskScores', 'preds', `${truths.length} masks like truths`, `${preds.length}`);
  const counts = truths.map((t, i) => {
    if (preds[i].length !== t.length) throw new MetricInputError('maskScores', `preds[${i}]`, `${t.length} pixels like truths[${i}]`, `${preds[i].length}`);
    return overlapCounts(preds[i], t, threshold);
  });
  const pooled = counts.reduce((a, c) => ({ intersection: a.intersection + c.intersection, predicted: a.predicted + c.predicted, actual: a.actual + c.actual }));
  const summary = (f: (c: OverlapCounts) => number): OverlapSummary => {
    const perImage = counts.map(f);
    return { mean: perImage.reduce((a, b) => a + b, 0) / perImage.length, global: f(pooled), perImage };
  };
  return { dice: summary(diceFromCounts), iou: summary(iouFromCounts) };
}
