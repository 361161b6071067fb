/**
 * Precision@K and Recall@K for retrieval (image → report in the PRIOR protocol), with
 * relevance by class: a candidate is relevant to a query when their class labels are equal.
 *
 * Ranking: candidates sorted by similarity, highest first; ties keep candidate order (a
 * stable sort), so results are deterministic. K larger than the candidate count is
 * clamped, and Precision@K then divides by the number of candidates returned.
 * Recall@K divides by the query's number of relevant candidates; queries without any are
 * undefined for recall and left out of its mean (`recallQueries` counts those kept).
 */
import { MetricInputError } from '../errors.js';
import { type Numbers, integerLabels, nonEmpty, rectangular } from './check.js';

export interface RetrievalAtK {
  k: number;
  /** Mean over queries. */
  precision: number;
  /** Mean over queries with at least one relevant candidate; NaN when none has. */
  recall: number;
  /** Per query, in query order (recall NaN where undefined). */
  perQuery: { precision: number; recall: number }[];
  recallQueries: number;
}

/** Candidate indices of one row, best first (stable on ties). */
export function rankRow(scores: Numbers): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
}

/**
 * `similarity` is [Q][N] (query rows, candidate columns); `queryLabels` has Q class labels,
 * `candidateLabels` N. Returns one result per K in `ks`.
 */
export function retrievalAtK(
  similarity: readonly Numbers[],
  queryLabels: Numbers,
  candidateLabels: Numbers,
  ks: readonly number[] = [1, 5, 10],
): RetrievalAtK[] {
  const m = 'retrievalAtK';
  nonEmpty(m, similarity, 'similarity');
  const n = rectangular(m, similarity, 'similarity');
  if (queryLabels.length !== similarity.length) throw new MetricInputError(m, 'queryLabels', `one label per similarity row (${similarity.length})`, `length ${queryLabels.length}`);
  if (candidateLabels.length !== n) throw new MetricInputError(m, 'candidateLabels', `one label per similarity column (${n})`, `length ${candidateLabels.length}`);
  if (n === 0) throw new MetricInputError(m, 'similarity', 'at least one candidate column', 'none');
  integerLabels(m, queryLabels, 'queryLabels');
  integerLabels(m, candidateLabels, 'candidateLabels');
  for (const k of ks) if (!Number.isInteger(k) || k < 1) throw new MetricInputError(m, 'ks', 'positive integers', String(k));
  const ranks = similarity.map((row, q) => {
    for (let j = 0; j < row.length; j++) if (Number.isNaN(row[j])) throw new MetricInputError(m, `similarity[${q}][${j}]`, 'a number', 'NaN');
    return rankRow(row);
  });
  return ks.map((k) => {
    const kk = Math.min(k, n);
    const perQuery = ranks.map((order, q) => {
      let hits = 0;
      for (let r = 0; r < kk; r++) hits += candidateLabels[order[r]] === queryLabels[q] ? 1 : 0;
      let relevant = 0;
      for (let j = 0; j < n; j++) relevant += candidateLabels[j] === queryLabels[q] ? 1 : 0;
      return { precision: hits / kk, recall: relevant ? hits / relevant : NaN };
    });
    const defined = perQuery.filter((p) => !Number.isNaN(p.recall));
    return {
      k,
      precision: perQuery.reduce((s, p) => s + p.precision, 0) / perQuery.length,
      recall: defined.length ? defined.reduce((s, p) => s + p.recall, 0) / defined.length : NaN,
      perQuery,
      recallQueries: defined.length,
    };
  });
}

/** Precision@K alone (mean over queries). */
export function precisionAtK(similarity: readonly Numbers[], queryLabels: Numbers, candidateLabels: Numbers, k: number): number {
  return retrievalAtK(similarity, queryLabels, candidateLabels, [k])[0].precision;
}

/** Recall@K alone (mean over queries with a relevant candidate). */
export function recallAtK(similarity: readonly Numbers[], queryLabels: Numbers, candidateLabels: Numbers, k: number): number {
  return retrievalAtK(similarity, queryLabels, candidateLabels, [k])[0].recall;
}
