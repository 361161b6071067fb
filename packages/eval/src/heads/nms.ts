/**
 * Greedy non-maximum suppression: take boxes in decreasing score order (ties keep input
 * order) and keep each one unless a box already kept, of the same class, overlaps it with
 * IoU strictly above the threshold (torchvision's rule). With `classAgnostic` classes are
 * ignored. The result is the kept indices in the order they were taken.
 */
import { boxIou, type ScoredBox } from '../metrics/index.js';

export interface NmsOptions {
  /** A box overlapping a kept one by more than this is suppressed (default 0.5). */
  iouThreshold?: number;
  /** Stop after this many kept boxes (default: no limit). */
  maxDetections?: number;
  /** Suppress across classes too (default false: per class). */
  classAgnostic?: boolean;
}

export function nms(boxes: readonly ScoredBox[], opts: NmsOptions = {}): number[] {
  const threshold = opts.iouThreshold ?? 0.5;
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`nms: iouThreshold must be in [0, 1], got ${threshold}`);
  const max = opts.maxDetections ?? Infinity;
  boxes.forEach((b, i) => {
    if (Number.isNaN(b.score)) throw new RangeError(`nms: boxes[${i}].score is NaN`);
  });
  const order = boxes.map((_, i) => i).sort((a, b) => boxes[b].score - boxes[a].score || a - b);
  const kept: number[] = [];
  for (const i of order) {
    if (kept.length >= max) break;
    const bi = boxes[i];
    const suppressed = kept.some((k) => (opts.classAgnostic || (boxes[k].label ?? 0) === (bi.label ?? 0)) && boxIou(boxes[k], bi) > threshold);
    if (!suppressed) kept.push(i);
  }
  return kept;
}

/** The kept boxes themselves, in decreasing score order. */
export function nmsBoxes<B extends ScoredBox>(boxes: readonly B[], opts: NmsOptions = {}): B[] {
  return nms(boxes, opts).map((i) => boxes[i]);
}
