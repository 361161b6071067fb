/**
 * Image-to-text retrieval on a 5×200-style set: every image ranks every candidate text
 * (whole reports, or each report sentence as its own candidate) by the encoder's global
 * similarity; a candidate is relevant when its class equals the image's. Precision@1/5/10
 * (and Recall@K) per seed, where a seed is a class-balanced redraw of the images and of
 * the candidates (subsample.ts). Candidate encodings are made once, in batches, and kept
 * for the image batches.
 */
import type { BertTokenizer } from '@prior/datasets';
import { type Tensor, concat, keep, scope } from '@prior/tensor';
import { noGrad } from '@prior/autograd';
import { checkScores, checkTextEncoding } from '../../encoder.js';
import { rankRow, retrievalAtK } from '../../metrics/retrieval.js';
import { type IntervalOptions, type Resampled, resampleMetrics, seedIntervals, seedMeanIntervals } from '../../metrics/seed-bootstrap.js';
import type { DatasetFingerprint } from '../../report/fingerprint.js';
import { type RunResult, type SeedResult, makeRunResult } from '../../report/results.js';
import { batchRanges, forEachImageBatch } from '../common/batches.js';
import type { RetrievalData } from '../common/data.js';
import { type MethodLike, asMethod } from '../common/method.js';
import { type ImagePreprocess, PixelCache } from '../common/preprocess.js';
import { resolveSeeds } from '../common/seeds.js';
import { balancedSubsample, defaultPerClass } from '../common/subsample.js';
import { disposeTextBatch, textBatch } from '../common/text.js';

export interface RetrievalOptions {
  preprocess: ImagePreprocess;
  tokenizer: BertTokenizer;
  /** 'reports' (default) or 'sentences' (each sentence a candidate, with its report's class). */
  candidates?: 'reports' | 'sentences';
  ks?: readonly number[];
  seeds?: number | readonly number[];
  /** Images (and candidate reports) per class in each seed's draw; default 80% of the smallest class. */
  perClass?: number;
  maxTextLength?: number;
  batchSize?: number;
  /** Queries shown in the examples (default 4) with their top 3 candidates. */
  examples?: number;
  cache?: PixelCache;
  fingerprints?: DatasetFingerprint[];
  /** Bootstrap intervals of Precision@K over each seed's queries (metrics/seed-bootstrap). */
  bootstrap?: IntervalOptions;
}

export interface RetrievalExample {
  image: string;
  label: string;
  top: { text: string; label: string; score: number; relevant: boolean }[];
}

export interface RetrievalRun {
  result: RunResult;
  examples: RetrievalExample[];
}

interface Candidate {
  text: string[];
  label: number;
  /** Index of the report it comes from (for per-seed draws). */
  report: number;
}

function candidatesOf(data: RetrievalData, mode: 'reports' | 'sentences'): Candidate[] {
  return data.candidates.flatMap((c, r) => (mode === 'reports' ? [{ text: c.sentences, label: c.label, report: r }] : c.sentences.map((s) => ({ text: [s], label: c.label, report: r }))));
}

/** [N_img × N_cand] global similarities. */
export async function retrievalScores(data: RetrievalData, methodLike: MethodLike, cands: readonly Candidate[], opts: RetrievalOptions): Promise<Float32Array> {
  const encoder = await asMethod(methodLike).create(0);
  encoder.train(false);
  const cache = opts.cache ?? new PixelCache();
  const pixels = await cache.loadAll(data.store, data.images.map((x) => x.path), opts.preprocess);
  const m = cands.length;
  const bs = opts.batchSize ?? 32;
  const parts: Tensor[] = [];
  for (const [s, e] of batchRanges(m, bs)) {
    parts.push(
      scope(() => {
        const batch = textBatch(opts.tokenizer, cands.slice(s, e).map((c) => c.text), { maxLength: opts.maxTextLength });
        const enc = noGrad(() => encoder.encodeTexts(batch));
        checkTextEncoding(encoder, e - s, enc);
        disposeTextBatch(batch);
        return enc.global;
      }),
    );
  }
  const textGlobal = keep(parts.length === 1 ? parts[0] : concat(parts, 0));
  if (parts.length > 1) parts.forEach((t) => t.dispose());
  const out = new Float32Array(pixels.length * m);
  try {
    await forEachImageBatch(
      encoder,
      pixels,
      opts.preprocess,
      async (enc, images, start) => {
        const sim = encoder.similarity(enc, { global: textGlobal });
        checkScores(encoder, 'similarity', images.shape[0], m, sim);
        out.set(await sim.data(), start * m);
      },
      { batchSize: bs },
    );
  } finally {
    textGlobal.dispose();
  }
  return out;
}

export async function runRetrieval(data: RetrievalData, methodLike: MethodLike, opts: RetrievalOptions): Promise<RetrievalRun> {
  const method = asMethod(methodLike);
  if (data.images.length === 0 || data.candidates.length === 0) {
    throw new RangeError(
      `runRetrieval: data ${JSON.stringify(data.name)} has ${data.images.length} images and ${data.candidates.length} candidate texts; expected at least one of each` +
        (data.selection ? ` (${data.selection})` : ''),
    );
  }
  const seeds = resolveSeeds(opts.seeds);
  const mode = opts.candidates ?? 'reports';
  const cands = candidatesOf(data, mode);
  const ks = opts.ks ?? [1, 5, 10];
  const sim = await retrievalScores(data, method, cands, opts);
  const m = cands.length;
  const imgLabels = data.images.map((x) => x.label);
  const repLabels = data.candidates.map((c) => c.label);
  const perClass = opts.perClass ?? defaultPerClass(imgLabels);
  const resampled: (Resampled | null)[] = [];
  const perSeed: SeedResult[] = seeds.map((seed) => {
    const qi = balancedSubsample(imgLabels, perClass, seed);
    const reports = new Set(balancedSubsample(repLabels, perClass, seed + 1_000_003));
    const ci = cands.flatMap((c, j) => (reports.has(c.report) ? [j] : []));
    const rows = qi.map((i) => ci.map((j) => sim[i * m + j]));
    const res = retrievalAtK(rows, qi.map((i) => imgLabels[i]), ci.map((j) => cands[j].label), ks);
    const metrics: Record<string, number> = { queries: qi.length, candidates: ci.length };
    for (const r of res) {
      metrics[`precision@${r.k}`] = r.precision;
      metrics[`recall@${r.k}`] = r.recall;
    }
    // Queries resampled with their per-query precisions: Precision@K is their mean.
    const perQuery = qi.map((_, q) => res.map((r) => r.perQuery[q].precision));
    const boot = resampleMetrics(
      perQuery,
      (sample) => Object.fromEntries(res.map((r, j) => [`precision@${r.k}`, sample.reduce((a, p) => a + p[j], 0) / sample.length])),
      opts.bootstrap,
    );
    resampled.push(boot);
    const intervals = seedIntervals(boot);
    return { seed, metrics, ...(intervals ? { intervals } : {}) };
  });
  const examples: RetrievalExample[] = [];
  const shown = Math.min(opts.examples ?? 4, data.images.length);
  for (let q = 0; q < shown; q++) {
    // Spread the examples over the classes: the first image of each class in turn.
    const i = data.images.findIndex((x, k) => x.label === q % data.classNames.length && !examples.some((e) => e.image === data.images[k].path));
    if (i < 0) continue;
    const order = rankRow(sim.subarray(i * m, (i + 1) * m)).slice(0, 3);
    examples.push({
      image: data.images[i].path,
      label: data.classNames[imgLabels[i]],
      top: order.map((j) => ({ text: cands[j].text.join(' '), label: data.classNames[cands[j].label], score: sim[i * m + j], relevant: cands[j].label === imgLabels[i] })),
    });
  }
  return {
    result: makeRunResult({
      task: 'retrieval',
      method: method.name,
      dataset: data.name,
      primaryMetric: `precision@${ks[0]}`,
      config: { candidates: mode, ks, perClass, classes: data.classNames, preprocess: opts.preprocess, bootstrap: opts.bootstrap ?? {} },
      perSeed,
      intervals: seedMeanIntervals(resampled),
      fingerprints: opts.fingerprints ?? [],
    }),
    examples,
  };
}
