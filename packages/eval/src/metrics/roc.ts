/**
 * ROC curves and AUROC, binary and per class, matching scikit-learn's `roc_curve` and
 * `roc_auc_score`:
 * - Tied scores form one threshold, so the curve moves diagonally across a tie and the
 *   trapezoid gives each tied positive/negative pair half a point (the Mann–Whitney U).
 * - A class whose labels are all 0 or all 1 has no ROC curve: its AUROC is NaN with a
 *   reason, and `macroAuroc` averages the defined classes only, listing the excluded
 *   ones in `notes` (scikit-learn raises instead).
 */
import { MetricInputError } from '../errors.js';
import { type Numbers, binaryLabels, finiteScores, nonEmpty, rectangular, sameLength } from './check.js';

export interface RocCurve {
  /** False-positive rates, starting at 0 and ending at 1. */
  fpr: number[];
  /** True-positive rates, starting at 0 and ending at 1. */
  tpr: number[];
  /** Score thresholds (predict positive when score ≥ threshold); the first is +Infinity. */
  thresholds: number[];
}

export interface RocOptions {
  /**
   * Drop points that lie mid-way on a straight run of equal steps, as scikit-learn does
   * by default (the area is unchanged); default true.
   */
  dropIntermediate?: boolean;
}

/** Cumulative false/true positives at each distinct score, scanning scores high to low. */
function cumulativeCounts(labels: Numbers, scores: Numbers): { fps: number[]; tps: number[]; thresholds: number[] } {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (labels[i] === 1) tp++;
    else fp++;
    // Emit a point only at the last case of a run of tied scores.
    if (k === order.length - 1 || scores[order[k + 1]] !== scores[i]) {
      fps.push(fp);
      tps.push(tp);
      thresholds.push(scores[i]);
    }
  }
  return { fps, tps, thresholds };
}

/** Why a binary problem has no ROC curve, or null when it has one. */
export function rocUndefinedReason(labels: Numbers): string | null {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) pos += labels[i] === 1 ? 1 : 0;
  if (pos === 0) return `no positive cases among ${labels.length}`;
  if (pos === labels.length) return `no negative cases among ${labels.length}`;
  return null;
}

function checkBinary(metric: string, labels: Numbers, scores: Numbers): void {
  nonEmpty(metric, labels, 'labels');
  sameLength(metric, labels, 'labels', scores, 'scores');
  binaryLabels(metric, labels, 'labels');
  finiteScores(metric, scores, 'scores');
}

/** The ROC curve of binary `labels` (0/1) against `scores` (higher = more positive). */
export function rocCurve(labels: Numbers, scores: Numbers, opts: RocOptions = {}): RocCurve {
  checkBinary('rocCurve', labels, scores);
  const reason = rocUndefinedReason(labels);
  if (reason) throw new MetricInputError('rocCurve', 'labels', 'both classes', reason);
  let { fps, tps, thresholds } = cumulativeCounts(labels, scores);
  if (opts.dropIntermediate ?? true) {
    // Keep the ends and every point where either count changes its step size.
    const keep = fps.map((_, i) => i === 0 || i === fps.length - 1 || fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0);
    fps = fps.filter((_, i) => keep[i]);
    tps = tps.filter((_, i) => keep[i]);
    thresholds = thresholds.filter((_, i) => keep[i]);
  }
  const p = tps[tps.length - 1];
  const n = fps[fps.length - 1];
  return {
    fpr: [0, ...fps.map((f) => f / n)],
    tpr: [0, ...tps.map((t) => t / p)],
    thresholds: [Infinity, ...thresholds],
  };
}

/** Area under a curve given by points in increasing x, by the trapezoid rule. */
export function trapezoidArea(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

export interface AurocResult {
  /** NaN when the class is undefined. */
  value: number;
  /** Set when `value` is NaN: why there is no curve. */
  reason?: string;
}

/** Binary AUROC; NaN with a reason when only one label value occurs. */
export function auroc(labels: Numbers, scores: Numbers): AurocResult {
  checkBinary('auroc', labels, scores);
  const reason = rocUndefinedReason(labels);
  if (reason) return { value: NaN, reason };
  const c = rocCurve(labels, scores, { dropIntermediate: false });
  return { value: trapezoidArea(c.fpr, c.tpr) };
}

export interface MultiLabelAuroc {
  /** Per class, in column order; NaN for undefined classes. */
  perClass: AurocResult[];
  /** Mean over the defined classes (NaN when none is defined). */
  macro: number;
  /** Number of classes that entered the mean. */
  definedClasses: number;
  /** One line per excluded class, e.g. `class 2 (Edema) excluded from the macro mean: no positive cases among 40`. */
  notes: string[];
}

/**
 * Per-class and macro AUROC for multi-label (or one-vs-rest multi-class) problems.
 * `labels` and `scores` are [N][C] as rows (use `rowsOf` on flat tensor data);
 * `classNames` only decorates the notes.
 */
export function multiLabelAuroc(labels: readonly Numbers[], scores: readonly Numbers[], classNames?: readonly string[]): MultiLabelAuroc {
  nonEmpty('multiLabelAuroc', labels, 'labels');
  if (labels.length !== scores.length) throw new MetricInputError('multiLabelAuroc', 'scores', `${labels.length} rows like labels`, `${scores.length} rows`);
  const c = rectangular('multiLabelAuroc', labels, 'labels');
  if (rectangular('multiLabelAuroc', scores, 'scores') !== c) throw new MetricInputError('multiLabelAuroc', 'scores[0]', `${c} columns like labels`, `${scores[0].length}`);
  const perClass: AurocResult[] = [];
  const notes: string[] = [];
  let sum = 0;
  let defined = 0;
  for (let j = 0; j < c; j++) {
    const r = auroc(labels.map((row) => row[j]), scores.map((row) => row[j]));
    perClass.push(r);
    if (Number.isNaN(r.value)) {
      notes.push(`class ${j}${classNames?.[j] ? ` (${classNames[j]})` : ''} excluded from the macro mean: ${r.reason}`);
    } else {
      sum += r.value;
      defined++;
    }
  }
  return { perClass, macro: defined ? sum / defined : NaN, definedClasses: defined, notes };
}
