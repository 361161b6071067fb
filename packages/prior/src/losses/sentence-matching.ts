/**
 * Hungarian matching of the report decoder's Q predictions to a report's real target
 * sentences (cross-modality conditional reconstruction). The cost is the L1 distance
 * (cdist p = 1) between every target and every prediction, rows = targets, columns =
 * predictions, so the pair k is target[row[k]] ↔ prediction[col[k]]. The reference
 * matched padded slots too and then reordered predictions by the wrong index array;
 * here only the first counts[b] targets take part and the index mapping is the one the
 * assignment returns. Costs are read back once per batch; the result holds plain
 * indices, so the losses built on it stay pure tensor functions.
 */
import { abs, indexSelect, noGrad, reshape, sub, sum, unsqueeze } from '@prior/autograd';
import { tensor, type Tensor } from '@prior/tensor';
import { linearSumAssignment } from '../matching/hungarian.js';
import { expectCounts, expectShape } from './checks.js';

export interface SentenceMatching {
  /** B, S (target slots per report) and Q (predictions per report). */
  batch: number;
  slots: number;
  queries: number;
  /** Per matched pair k: its report, target slot and prediction index. */
  report: Int32Array;
  target: Int32Array;
  prediction: Int32Array;
  /** Matched pairs of each report: min(counts[b], Q). */
  matched: number[];
}

/** L1 cost [B, S, Q] between targets and predictions, without recording. */
export function l1CostMatrix(targets: Tensor, predictions: Tensor): Tensor {
  return noGrad(() => sum(abs(sub(unsqueeze(targets, 2), unsqueeze(predictions, 1))), -1));
}

/** Matches predictions [B, Q, D] to targets [B, S, D] of which counts[b] are real. */
export async function matchSentences(predictions: Tensor, targets: Tensor, counts: readonly number[]): Promise<SentenceMatching> {
  const fn = 'matchSentences';
  expectShape(fn, 'predictions', predictions, [null, null, null]);
  const [b, q, d] = predictions.shape;
  expectShape(fn, 'targets', targets, [b, null, d]);
  const s = targets.shape[1];
  expectCounts(fn, counts, b, s);
  const costTensor = l1CostMatrix(targets, predictions);
  const cost = await costTensor.data();
  costTensor.dispose();
  const report: number[] = [];
  const target: number[] = [];
  const prediction: number[] = [];
  const matched: number[] = [];
  for (let r = 0; r < b; r++) {
    const n = counts[r];
    // The real targets are the first n rows of this report's [S, Q] block.
    const block = { rows: n, cols: q, data: cost.subarray(r * s * q, r * s * q + n * q) };
    const { rowInd, colInd } = linearSumAssignment(block);
    rowInd.forEach((row, k) => {
      report.push(r);
      target.push(row);
      prediction.push(colInd[k]);
    });
    matched.push(rowInd.length);
  }
  return { batch: b, slots: s, queries: q, report: Int32Array.from(report), target: Int32Array.from(target), prediction: Int32Array.from(prediction), matched };
}

/** Builds a matching from known pairs (tests, or matching done elsewhere). */
export function sentenceMatching(batch: number, slots: number, queries: number, pairs: readonly { report: number; target: number; prediction: number }[]): SentenceMatching {
  const matched = new Array<number>(batch).fill(0);
  for (const p of pairs) matched[p.report]++;
  return {
    batch,
    slots,
    queries,
    report: Int32Array.from(pairs, (p) => p.report),
    target: Int32Array.from(pairs, (p) => p.target),
    prediction: Int32Array.from(pairs, (p) => p.prediction),
    matched,
  };
}

/** The matched rows: predictions [P, D] and targets [P, D], pair k in row k (gradients flow to both). */
export function gatherMatched(predictions: Tensor, targets: Tensor, m: SentenceMatching): { predictions: Tensor; targets: Tensor } {
  expectShape('gatherMatched', 'predictions', predictions, [m.batch, m.queries, null]);
  expectShape('gatherMatched', 'targets', targets, [m.batch, m.slots, predictions.shape[2]]);
  const d = predictions.shape[2];
  const dev = { device: predictions.backend };
  const pi = tensor(m.prediction.map((c, k) => m.report[k] * m.queries + c), { shape: [m.prediction.length], ...dev });
  const ti = tensor(m.target.map((t, k) => m.report[k] * m.slots + t), { shape: [m.target.length], ...dev });
  return {
    predictions: indexSelect(reshape(predictions, [m.batch * m.queries, d]), 0, pi),
    targets: indexSelect(reshape(targets, [m.batch * m.slots, d]), 0, ti),
  };
}

/**
 * Weight of each matched pair in a per-report mean followed by a mean over the reports
 * that have pairs: 1 / (matched[b] · reports). [P], constant.
 */
export function pairWeights(m: SentenceMatching, like: Tensor): Tensor {
  const reports = m.matched.filter((n) => n > 0).length;
  const w = Float64Array.from(m.report, (r) => 1 / (m.matched[r] * reports));
  return tensor(w, { shape: [w.length], dtype: like.dtype, device: like.backend });
}
