/**
 * Zero-shot classification on a 5×200-style split: every image is scored against every
 * class prompt (global similarity, and LAM's mean attention when the encoder has it),
 * prompt scores are averaged per class and combined as PRIOR does (combine.ts); the
 * predicted class is the argmax. Accuracy and macro F1 per seed, where a seed is a
 * class-balanced redraw of the set (subsample.ts). `accuracy/global` is the same with the
 * global term alone, so the local term's contribution can be read off.
 */
import type { BertTokenizer } from '@prior/datasets';
import { accuracy, argmaxRows, precisionRecallF1 } from '../../metrics/classification.js';
import { rowsOf } from '../../metrics/check.js';
import { type IntervalOptions, type Resampled, resampleMetrics, seedIntervals, seedMeanIntervals } from '../../metrics/seed-bootstrap.js';
import { checkScores, checkTextEncoding } from '../../encoder.js';
import type { DatasetFingerprint } from '../../report/fingerprint.js';
import { type RunResult, type SeedResult, makeRunResult } from '../../report/results.js';
import { forEachImageBatch } from '../common/batches.js';
import type { ZeroShotData } from '../common/data.js';
import { type MethodLike, asMethod } from '../common/method.js';
import { type ImagePreprocess, PixelCache } from '../common/preprocess.js';
import { resolveSeeds } from '../common/seeds.js';
import { balancedSubsample, defaultPerClass } from '../common/subsample.js';
import { disposeTextBatch, textBatch } from '../common/text.js';
import { averageByClass, combineZeroShotScores } from './combine.js';
import { DEFAULT_TEMPLATES, classPrompts } from './prompts.js';

export interface ZeroShotOptions {
  preprocess: ImagePreprocess;
  tokenizer: BertTokenizer;
  templates?: readonly string[];
  /** Explicit prompts per class name (override the templates for that class). */
  prompts?: Readonly<Record<string, readonly string[]>>;
  /** Weight of the local term; default 0.5 (PRIOR). */
  localWeight?: number;
  seeds?: number | readonly number[];
  /** Images per class in each seed's draw; default 80% of the smallest class. */
  perClass?: number;
  maxTextLength?: number;
  batchSize?: number;
  cache?: PixelCache;
  fingerprints?: DatasetFingerprint[];
  /** Bootstrap intervals of accuracy and macro F1 over each seed's images (metrics/seed-bootstrap). */
  bootstrap?: IntervalOptions;
}

export interface ZeroShotScores {
  /** [N × C] class-averaged global similarities and (when present) local attentions. */
  global: Float64Array;
  local: Float64Array | null;
}

/** Raw class scores of every image (no seeds): the part that runs the model. */
export async function zeroShotScores(data: ZeroShotData, methodLike: MethodLike, opts: ZeroShotOptions): Promise<ZeroShotScores> {
  const encoder = await asMethod(methodLike).create(0);
  const cache = opts.cache ?? new PixelCache();
  const pixels = await cache.loadAll(data.store, data.images.map((x) => x.path), opts.preprocess);
  const { texts, classOf } = classPrompts(data.classNames, opts.templates ?? DEFAULT_TEMPLATES, opts.prompts);
  const c = data.classNames.length;
  const n = pixels.length;
  const p = texts.length;
  const g = new Float32Array(n * p);
  const l = encoder.localAttention ? new Float32Array(n * p) : null;
  const batch = textBatch(opts.tokenizer, texts, { maxLength: opts.maxTextLength });
  try {
    await forEachImageBatch(
      encoder,
      pixels,
      opts.preprocess,
      async (enc, images, start) => {
        const txt = encoder.encodeTexts(batch);
        checkTextEncoding(encoder, p, txt);
        const sim = encoder.similarity(enc, txt);
        checkScores(encoder, 'similarity', images.shape[0], p, sim);
        g.set(await sim.data(), start * p);
        if (l && encoder.localAttention) {
          const loc = encoder.localAttention(enc, txt);
          checkScores(encoder, 'localAttention', images.shape[0], p, loc);
          l.set(await loc.data(), start * p);
        }
      },
      { batchSize: opts.batchSize },
    );
  } finally {
    disposeTextBatch(batch);
  }
  return { global: averageByClass(g, n, classOf, c), local: l ? averageByClass(l, n, classOf, c) : null };
}

export async function runZeroShot(data: ZeroShotData, methodLike: MethodLike, opts: ZeroShotOptions): Promise<RunResult> {
  const method = asMethod(methodLike);
  const seeds = resolveSeeds(opts.seeds);
  const scores = await zeroShotScores(data, method, opts);
  const c = data.classNames.length;
  const labels = data.images.map((x) => x.label);
  const combined = combineZeroShotScores(scores.global, c, scores.local, opts.localWeight ?? 0.5);
  const pred = argmaxRows(rowsOf(combined, c));
  const predGlobal = argmaxRows(rowsOf(scores.global, c));
  const perClass = opts.perClass ?? defaultPerClass(labels);
  const classIds = data.classNames.map((_, k) => k);
  const resampled: (Resampled | null)[] = [];
  const perSeed: SeedResult[] = seeds.map((seed) => {
    const idx = balancedSubsample(labels, perClass, seed);
    const y = idx.map((i) => labels[i]);
    const yh = idx.map((i) => pred[i]);
    const r = resampleMetrics(
      idx,
      (sample) => {
        const ys = sample.map((i) => labels[i]);
        const ps = sample.map((i) => pred[i]);
        return { accuracy: accuracy(ys, ps), f1: precisionRecallF1(ys, ps, { labels: classIds }).f1 };
      },
      opts.bootstrap,
    );
    resampled.push(r);
    const intervals = seedIntervals(r);
    return {
      seed,
      metrics: {
        accuracy: accuracy(y, yh),
        f1: precisionRecallF1(y, yh, { labels: classIds }).f1,
        'accuracy/global': accuracy(y, idx.map((i) => predGlobal[i])),
        images: idx.length,
      },
      ...(intervals ? { intervals } : {}),
    };
  });
  return makeRunResult({
    task: 'zero-shot',
    method: method.name,
    dataset: data.name,
    primaryMetric: 'accuracy',
    config: {
      templates: opts.prompts ? undefined : (opts.templates ?? DEFAULT_TEMPLATES),
      prompts: opts.prompts,
      localWeight: scores.local ? (opts.localWeight ?? 0.5) : 0,
      perClass,
      classes: data.classNames,
      preprocess: opts.preprocess,
      bootstrap: opts.bootstrap ?? {},
    },
    perSeed,
    intervals: seedMeanIntervals(resampled),
    fingerprints: opts.fingerprints ?? [],
    notes: scores.local ? undefined : ['no local attention (global similarity only)'],
  });
}

