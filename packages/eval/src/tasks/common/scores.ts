/**
 * Host-side scoring of classifier outputs shared by the classification tasks:
 * multi-label → per-class and macro AUROC (the CheXpert protocol); multi-class →
 * accuracy (the COVIDx protocol), macro F1 and one-vs-rest macro AUROC.
 */
import { argmaxRows, accuracy, precisionRecallF1 } from '../../metrics/classification.js';
import { multiLabelAuroc } from '../../metrics/roc.js';
import { rowsOf } from '../../metrics/check.js';

export type ClassificationKind = 'multi-label' | 'multi-class';

/** Rows of 0/1 targets ([N][C]): multi-label labels as given, multi-class one-hot. */
export function targetRows(kind: ClassificationKind, labels: readonly (number[] | number)[], classes: number): number[][] {
  return labels.map((l) => (kind === 'multi-label' ? [...(l as number[])] : Array.from({ length: classes }, (_, k) => (k === l ? 1 : 0))));
}

export interface ScoredClassification {
  /** `auroc`, `auroc/<class>`; for multi-class also `accuracy`, `f1`. */
  metrics: Record<string, number>;
  notes: string[];
}

/** `probs` is [N × C] row-major (sigmoid or softmax outputs, or any monotone scores). */
export function classificationScores(
  kind: ClassificationKind,
  labels: readonly (number[] | number)[],
  probs: ArrayLike<number>,
  classNames: readonly string[],
): ScoredClassification {
  const c = classNames.length;
  const rows = rowsOf(probs, c);
  const auc = multiLabelAuroc(targetRows(kind, labels, c), rows, classNames);
  const metrics: Record<string, number> = { auroc: auc.macro };
  classNames.forEach((name, j) => (metrics[`auroc/${name}`] = auc.perClass[j].value));
  if (kind === 'multi-class') {
    const pred = argmaxRows(rows);
    const truth = labels as number[];
    metrics.accuracy = accuracy(truth, pred);
    metrics.f1 = precisionRecallF1(truth, pred, { labels: classNames.map((_, k) => k) }).f1;
  }
  return { metrics, notes: auc.notes };
}

/**
 * The number early stopping maximises: macro AUROC (multi-label), accuracy with macro AUROC
 * as a tie-break (multi-class: accuracy moves in steps of 1/N on a small validation set).
 */
export function validationScore(kind: ClassificationKind, s: ScoredClassification): number {
  if (kind === 'multi-label') return s.metrics.auroc;
  return s.metrics.accuracy + 1e-3 * (Number.isNaN(s.metrics.auroc) ? 0 : s.metrics.auroc);
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Softmax of each row of an [N × C] row-major array. */
export function softmaxRows(x: ArrayLike<number>, c: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i += c) {
    let m = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, x[i + j]);
    let s = 0;
    for (let j = 0; j < c; j++) s += out[i + j] = Math.exp(x[i + j] - m);
    for (let j = 0; j < c; j++) out[i + j] /= s;
  }
  return out;
}
