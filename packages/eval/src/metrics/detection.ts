/**
 * Box mean average precision, COCO-style, over IoU thresholds 0.40, 0.45, …, 0.75 (the
 * range the RSNA detection results in the medical VLP papers use).
 *
 * Rules, per class and per IoU threshold t:
 * - Boxes are {x, y, width, height} in pixels (continuous coordinates, no +1);
 *   IoU = intersection / union, 0 for boxes of zero area.
 * - Predictions of all images are taken in decreasing score order (ties keep input
 *   order: image order, then order within the image). Each is matched greedily to the
 *   not-yet-matched ground-truth box of the same image and class with the highest IoU,
 *   if that IoU ≥ t (ties go to the earlier box). A match is a true positive; anything
 *   else (no overlap, or every overlapping truth already taken) a false positive. A
 *   ground truth matches at most one prediction.
 * - Precision is made monotone (each value replaced by the maximum to its right) and
 *   read at the 101 recall points k/100, k = 0…100 (exactly; pycocotools' linspace makes
 *   0.35 into 0.35000000000000003 and can skip a point): the precision at the first rank whose
 *   recall reaches the point, 0 when recall never reaches it. AP = mean of the 101.
 * - A class without ground truth in any image has no AP (left out of the mean, as COCO
 *   does); there is no per-image detection cap and no crowd/area ranges.
 * mAP = mean over thresholds of the mean AP over classes.
 */
import { MetricInputError } from '../errors.js';

export interface BoxLike {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Class index; 0 when absent (single-class detection, e.g. RSNA opacity). */
  label?: number;
}

export interface ScoredBox extends BoxLike {
  score: number;
}

/** One image: its predicted boxes with scores, and its ground-truth boxes. */
export interface DetectionCase {
  predictions: readonly ScoredBox[];
  truths: readonly BoxLike[];
}

/** 0.40 … 0.75 in steps of 0.05, rounded so that 0.45 is exactly 0.45. */
export const MAP_IOU_THRESHOLDS: readonly number[] = Array.from({ length: 8 }, (_, i) => Math.round((40 + 5 * i)) / 100);

export function boxIou(a: BoxLike, b: BoxLike): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** 101-point interpolated AP from the TP flags of predictions in score order and the number of truths. */
export function interpolatedAp(tpFlags: readonly boolean[], numTruths: number): number {
  const precision: number[] = [];
  const recall: number[] = [];
  let tp = 0;
  tpFlags.forEach((hit, i) => {
    tp += hit ? 1 : 0;
    precision.push(tp / (i + 1));
    recall.push(tp / numTruths);
  });
  for (let i = precision.length - 2; i >= 0; i--) precision[i] = Math.max(precision[i], precision[i + 1]);
  let sum = 0;
  let r = 0;
  for (let k = 0; k <= 100; k++) {
    const point = k / 100;
    while (r < recall.length && recall[r] < point) r++;
    sum += r < recall.length ? precision[r] : 0;
  }
  return sum / 101;
}

function checkBox(b: BoxLike, name: string, scored: boolean): void {
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    if (!Number.isFinite(b[key])) throw new MetricInputError('meanAveragePrecision', `${name}.${key}`, 'a finite number', String(b[key]));
  }
  if (b.width < 0 || b.height < 0) throw new MetricInputError('meanAveragePrecision', name, 'a box of non-negative size', `${b.width}x${b.height}`);
  if (b.label !== undefined && !Number.isInteger(b.label)) throw new MetricInputError('meanAveragePrecision', `${name}.label`, 'an integer class', String(b.label));
  if (scored && !Number.isFinite((b as ScoredBox).score)) throw new MetricInputError('meanAveragePrecision', `${name}.score`, 'a finite number', String((b as ScoredBox).score));
}

/**
 * One image's predictions of one class in the order the rules process them (score
 * descending, ties in input order) with, per threshold, whether each is a true positive.
 * Matching never crosses images, so these flags are the same in any list of images the
 * image is part of: a bootstrap resample re-ranks them without matching again.
 */
interface ImageMatches {
  scores: number[];
  /** flags[t][k]: prediction k is a true positive at thresholds[t]. */
  flags: boolean[][];
  truths: number;
}

function matchImage(c: DetectionCase, label: number, thresholds: readonly number[]): ImageMatches {
  const preds = c.predictions.filter((b) => (b.label ?? 0) === label).sort((a, b) => b.score - a.score); // stable
  const truths = c.truths.filter((b) => (b.label ?? 0) === label);
  const ious = preds.map((p) => truths.map((g) => boxIou(p, g)));
  const flags = thresholds.map((t) => {
    const taken = new Array<boolean>(truths.length).fill(false);
    return ious.map((row) => {
      let best = -1;
      let bestIou = t;
      row.forEach((v, j) => {
        if (!taken[j] && v >= bestIou && (best < 0 || v > bestIou)) {
          best = j;
          bestIou = v;
        }
      });
      if (best >= 0) taken[best] = true;
      return best >= 0;
    });
  });
  return { scores: preds.map((p) => p.score), flags, truths: truths.length };
}

/** AP per threshold of one class over the images `sample` (indices into `matches`, repeats allowed); NaN without ground truth. */
function classAps(matches: readonly ImageMatches[], sample: readonly number[], nThresholds: number): number[] {
  let numTruths = 0;
  const entries: { score: number; pos: number; k: number }[] = [];
  sample.forEach((image, pos) => {
    const m = matches[image];
    numTruths += m.truths;
    m.scores.forEach((score, k) => entries.push({ score, pos, k }));
  });
  if (numTruths === 0) return new Array<number>(nThresholds).fill(NaN);
  entries.sort((a, b) => b.score - a.score || a.pos - b.pos || a.k - b.k);
  return Array.from({ length: nThresholds }, (_, t) => interpolatedAp(entries.map((e) => matches[sample[e.pos]].flags[t][e.k]), numTruths));
}

const meanDefined = (xs: readonly number[]) => {
  const d = xs.filter((x) => !Number.isNaN(x));
  return d.length ? d.reduce((a, b) => a + b, 0) / d.length : NaN;
};

function checkCases(cases: readonly DetectionCase[], thresholds: readonly number[]): number[] {
  if (cases.length === 0) throw new MetricInputError('meanAveragePrecision', 'cases', 'at least one image', 'none');
  for (const t of thresholds) if (!(t > 0 && t <= 1)) throw new MetricInputError('meanAveragePrecision', 'thresholds', 'IoU values in (0, 1]', String(t));
  const labels = new Set<number>();
  cases.forEach((c, i) => {
    c.predictions.forEach((b, j) => (checkBox(b, `cases[${i}].predictions[${j}]`, true), labels.add(b.label ?? 0)));
    c.truths.forEach((b, j) => (checkBox(b, `cases[${i}].truths[${j}]`, false), labels.add(b.label ?? 0)));
  });
  return [...labels].sort((a, b) => a - b);
}

export interface MeanAveragePrecision {
  /** Mean over thresholds (NaN when no class has ground truth). */
  map: number;
  /** Per threshold: the threshold and the mean AP over classes with ground truth. */
  perThreshold: { iou: number; ap: number }[];
  /** Per class (sorted labels): AP averaged over thresholds; NaN for classes without truth. */
  perClass: { label: number; ap: number }[];
}

export function meanAveragePrecision(cases: readonly DetectionCase[], thresholds: readonly number[] = MAP_IOU_THRESHOLDS): MeanAveragePrecision {
  return mapOfSample(cases, thresholds)(cases.map((_, i) => i));
}

/**
 * mAP of lists of these images given by index (repeats allowed: bootstrap resamples),
 * equal to `meanAveragePrecision` of the list of cases; the IoU matching is done once.
 */
export function mapOfSample(cases: readonly DetectionCase[], thresholds: readonly number[] = MAP_IOU_THRESHOLDS): (sample: readonly number[]) => MeanAveragePrecision {
  const labels = checkCases(cases, thresholds);
  const matches = labels.map((l) => cases.map((c) => matchImage(c, l, thresholds)));
  return (sample) => {
    for (const i of sample) if (!(Number.isInteger(i) && i >= 0 && i < cases.length)) throw new MetricInputError('mapOfSample', 'sample', `image indices in [0, ${cases.length})`, String(i));
    // The classes of the sampled images only, as if they were the whole list.
    const present = labels.flatMap((label, c) => (sample.some((i) => matches[c][i].scores.length > 0 || matches[c][i].truths > 0) ? [c] : []));
    // byClass[c][t]: AP of class c at threshold t.
    const byClass = present.map((c) => classAps(matches[c], sample, thresholds.length));
    const perThreshold = thresholds.map((iou, t) => ({ iou, ap: meanDefined(byClass.map((aps) => aps[t])) }));
    return {
      map: meanDefined(perThreshold.map((p) => p.ap)),
      perThreshold,
      perClass: present.map((c, j) => ({ label: labels[c], ap: meanDefined(byClass[j]) })),
    };
  };
}
