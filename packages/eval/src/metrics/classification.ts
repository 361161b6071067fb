/**
 * Single-label classification metrics over integer class labels, matching scikit-learn:
 * `accuracy_score`, `precision_recall_fscore_support(average='macro')`, `cohen_kappa_score`.
 *
 * Classes considered: `opts.labels` when given, else the sorted union of the labels in
 * `yTrue` and `yPred` (scikit-learn's rule). Macro F1 is the mean of per-class F1, not the
 * F1 of macro precision and recall.
 *
 * zero_division: a class never predicted has an undefined precision and a class absent
 * from `yTrue` an undefined recall; both take `zeroDivision` (0 by default, like
 * scikit-learn's default "warn", which also yields 0). F1 is 2PR/(P+R) from those values,
 * and 0 when P+R = 0.
 */
import { MetricInputError } from '../errors.js';
import { type Numbers, integerLabels, nonEmpty, sameLength } from './check.js';

function checkPair(metric: string, yTrue: Numbers, yPred: Numbers): void {
  nonEmpty(metric, yTrue, 'yTrue');
  sameLength(metric, yTrue, 'yTrue', yPred, 'yPred');
  integerLabels(metric, yTrue, 'yTrue');
  integerLabels(metric, yPred, 'yPred');
}

/** Fraction of cases whose predicted class equals the true class. */
export function accuracy(yTrue: Numbers, yPred: Numbers): number {
  checkPair('accuracy', yTrue, yPred);
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) hits += yTrue[i] === yPred[i] ? 1 : 0;
  return hits / yTrue.length;
}

/** Index of the largest score in each row (first on ties): turns [N][C] scores into predictions. */
export function argmaxRows(scores: readonly Numbers[]): number[] {
  return scores.map((row) => {
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
    return best;
  });
}

function classList(yTrue: Numbers, yPred: Numbers, labels?: readonly number[]): number[] {
  if (labels) {
    if (labels.length === 0) throw new MetricInputError('classification', 'labels', 'at least one class', 'none');
    return [...labels];
  }
  const set = new Set<number>();
  for (let i = 0; i < yTrue.length; i++) set.add(yTrue[i]).add(yPred[i]);
  return [...set].sort((a, b) => a - b);
}

export interface ConfusionMatrix {
  /** The classes, in row/column order. */
  labels: number[];
  /** counts[t][p]: cases of true class labels[t] predicted as labels[p]. */
  counts: number[][];
}

/** Confusion matrix; cases whose true or predicted class is not in `labels` are left out (as scikit-learn does). */
export function confusionMatrix(yTrue: Numbers, yPred: Numbers, labels?: readonly number[]): ConfusionMatrix {
  checkPair('confusionMatrix', yTrue, yPred);
  const cls = classList(yTrue, yPred, labels);
  const at = new Map(cls.map((c, i) => [c, i]));
  const counts = cls.map(() => new Array<number>(cls.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = at.get(yTrue[i]);
    const p = at.get(yPred[i]);
    if (t !== undefined && p !== undefined) counts[t][p]++;
  }
  return { labels: cls, counts };
}

export interface ClassScores {
  label: number;
  precision: number;
  recall: number;
  f1: number;
  /** Number of true cases of this class. */
  support: number;
}

export interface MacroScores {
  precision: number;
  recall: number;
  f1: number;
  perClass: ClassScores[];
}

export interface PrfOptions {
  labels?: readonly number[];
  /** Value of an undefined precision or recall: 0 (default) or 1. */
  zeroDivision?: 0 | 1;
}

/** Per-class and macro (unweighted mean over classes) precision, recall and F1. */
export function precisionRecallF1(yTrue: Numbers, yPred: Numbers, opts: PrfOptions = {}): MacroScores {
  const zd = opts.zeroDivision ?? 0;
  if (zd !== 0 && zd !== 1) throw new MetricInputError('precisionRecallF1', 'zeroDivision', '0 or 1', String(zd));
  const { labels, counts } = confusionMatrix(yTrue, yPred, opts.labels);
  // With explicit labels, predictions/truths outside them still count as errors for the listed classes.
  const at = new Map(labels.map((c, i) => [c, i]));
  const predicted = new Array<number>(labels.length).fill(0);
  const actual = new Array<number>(labels.length).fill(0);
  for (let i = 0; i < yTrue.length; i++) {
    const t = at.get(yTrue[i]);
    const p = at.get(yPred[i]);
    if (t !== undefined) actual[t]++;
    if (p !== undefined) predicted[p]++;
  }
  const perClass = labels.map((label, k) => {
    const tp = counts[k][k];
    const precision = predicted[k] ? tp / predicted[k] : zd;
    const recall = actual[k] ? tp / actual[k] : zd;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support: actual[k] };
  });
  const mean = (f: (c: ClassScores) => number) => perClass.reduce((s, c) => s + f(c), 0) / perClass.length;
  return { precision: mean((c) => c.precision), recall: mean((c) => c.recall), f1: mean((c) => c.f1), perClass };
}

export type KappaWeights = 'none' | 'linear' | 'quadratic';

/**
 * Cohen's kappa between two labelings (here: truth and prediction), optionally weighted by
 * class-index distance. NaN when chance agreement is perfect (both raters constant and equal),
 * as scikit-learn gives 0/0 there.
 */
export function cohenKappa(y1: Numbers, y2: Numbers, opts: { labels?: readonly number[]; weights?: KappaWeights } = {}): number {
  const { labels, counts } = confusionMatrix(y1, y2, opts.labels);
  const k = labels.length;
  const weights = opts.weights ?? 'none';
  const w = (i: number, j: number) => (weights === 'none' ? (i === j ? 0 : 1) : weights === 'linear' ? Math.abs(i - j) : (i - j) ** 2);
  const rows = counts.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = labels.map((_, j) => counts.reduce((a, r) => a + r[j], 0));
  const total = rows.reduce((a, b) => a + b, 0);
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      observed += w(i, j) * counts[i][j];
      expected += (w(i, j) * rows[i] * cols[j]) / total;
    }
  }
  return 1 - observed / expected;
}
