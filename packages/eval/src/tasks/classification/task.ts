/**
 * Supervised classification as the papers run it: for each label fraction (1%, 10%, 100%
 * of the training labels, a stratified subset drawn with each seed) and each seed, a
 * linear probe on frozen features or full fine-tuning, early-stopped on the validation
 * set, scored on the test set: macro AUROC (multi-label, CheXpert) or accuracy
 * (multi-class, COVIDx), plus per-class AUROC (and macro F1 for multi-class).
 *
 * The probe extracts every image's features once per method (one encoder instance);
 * fine-tuning asks the method for a fresh encoder per (fraction, seed).
 */
import type { DatasetFingerprint } from '../../report/fingerprint.js';
import { type RunResult, type SeedResult, makeRunResult } from '../../report/results.js';
import type { RocSeries } from '../../report/plots.js';
import { accuracy, argmaxRows, precisionRecallF1 } from '../../metrics/classification.js';
import { rowsOf } from '../../metrics/check.js';
import { rankMacroAuroc } from '../../metrics/rank-auroc.js';
import { rocCurve } from '../../metrics/roc.js';
import { type IntervalOptions, type Resampled, resampleMetrics, seedIntervals, seedMeanIntervals } from '../../metrics/seed-bootstrap.js';
import { type FeatureKind, extractFeatures } from '../common/batches.js';
import { type ClassificationData, type LabeledImage, fractionOf } from '../common/data.js';
import { type MethodLike, asMethod } from '../common/method.js';
import { type ImagePreprocess, PixelCache } from '../common/preprocess.js';
import { classificationScores, targetRows } from '../common/scores.js';
import { resolveSeeds } from '../common/seeds.js';
import { type FineTuneOptions, fineTune } from './fine-tune.js';
import { type ProbeOptions, linearProbe } from './linear-probe.js';

export const DEFAULT_FRACTIONS: readonly number[] = [0.01, 0.1, 1];

export interface ClassificationTaskOptions {
  mode: 'linear-probe' | 'fine-tune';
  preprocess: ImagePreprocess;
  fractions?: readonly number[];
  /** A count or a list; default 5. */
  seeds?: number | readonly number[];
  /** Frozen vector of the probe; default 'backbone' (pooled last map). */
  features?: FeatureKind;
  probe?: ProbeOptions;
  fineTune?: FineTuneOptions;
  /** Frozen-encoding batch size; default 32. */
  batchSize?: number;
  cache?: PixelCache;
  fingerprints?: DatasetFingerprint[];
  /** Bootstrap intervals of the headline metrics over the test images (metrics/seed-bootstrap). */
  bootstrap?: IntervalOptions;
}

/** The test set resampled: macro AUROC (and accuracy, macro F1 for multi-class) on each resample. */
function resampleScores(kind: ClassificationData['kind'], labels: readonly (number[] | number)[], probs: Float64Array, classNames: readonly string[], opts?: IntervalOptions): Resampled | null {
  const c = classNames.length;
  const targets = targetRows(kind, labels, c);
  const classIds = classNames.map((_, k) => k);
  const cases = labels.map((label, i) => ({ label, target: targets[i], row: probs.subarray(i * c, (i + 1) * c) }));
  return resampleMetrics(
    cases,
    (sample) => {
      const t = new Float64Array(sample.length * c);
      const p = new Float64Array(sample.length * c);
      sample.forEach((x, i) => {
        t.set(x.target, i * c);
        p.set(x.row, i * c);
      });
      // Rank AUROC: the same value as classificationScores' AUROC, without a curve per resample.
      const out: Record<string, number> = { auroc: rankMacroAuroc(t, p, c) };
      if (kind === 'multi-class') {
        const truth = sample.map((x) => x.label as number);
        const pred = argmaxRows(rowsOf(p, c));
        out.accuracy = accuracy(truth, pred);
        out.f1 = precisionRecallF1(truth, pred, { labels: classIds }).f1;
      }
      return out;
    },
    opts,
  );
}

export interface ClassificationRun {
  result: RunResult;
  /** Per-class test ROC curves of the first seed. */
  roc: RocSeries[];
}

export async function runClassification(data: ClassificationData, methodLike: MethodLike, opts: ClassificationTaskOptions): Promise<ClassificationRun[]> {
  const method = asMethod(methodLike);
  if (opts.mode === 'fine-tune' && !method.reusable) {
    throw new RangeError(`runClassification: fine-tuning ${JSON.stringify(method.name)} needs a Method whose create() returns fresh weights, not an encoder instance`);
  }
  const seeds = resolveSeeds(opts.seeds);
  const fractions = opts.fractions ?? DEFAULT_FRACTIONS;
  const cache = opts.cache ?? new PixelCache();
  const pre = opts.preprocess;
  const load = (items: readonly LabeledImage[]) => cache.loadAll(data.store, items.map((x) => x.path), pre);
  const [trainPx, valPx, testPx] = [await load(data.train), await load(data.val), await load(data.test)];
  const labels = (xs: readonly LabeledImage[]) => xs.map((x) => x.label);
  const index = new Map(data.train.map((x, i) => [x.id, i]));
  const c = data.classNames.length;

  // Probe: one encoder, features once.
  let feats: { train: Float32Array; val: Float32Array; test: Float32Array; dim: number } | null = null;
  if (opts.mode === 'linear-probe') {
    const enc = await method.create(seeds[0]);
    const ex = (px: Float32Array[]) => extractFeatures(enc, px, pre, opts.features ?? 'backbone', { batchSize: opts.batchSize });
    const [tr, va, te] = [await ex(trainPx), await ex(valPx), await ex(testPx)];
    feats = { train: tr.data, val: va.data, test: te.data, dim: tr.dim };
  }

  const runs: ClassificationRun[] = [];
  for (const fraction of fractions) {
    const perSeed: SeedResult[] = [];
    const resampled: (Resampled | null)[] = [];
    const notes = new Set<string>();
    let roc: RocSeries[] = [];
    for (const seed of seeds) {
      const subset = fractionOf(data.train, fraction, seed).map((x) => index.get(x.id)!);
      const subLabels = subset.map((i) => data.train[i].label);
      let probs: Float64Array;
      let bestEpoch: number;
      if (feats) {
        const { dim } = feats;
        const rows = new Float32Array(subset.length * dim);
        subset.forEach((i, k) => rows.set(feats!.train.subarray(i * dim, (i + 1) * dim), k * dim));
        const r = await linearProbe(
          dim,
          { train: { x: rows, labels: subLabels }, val: { x: feats.val, labels: labels(data.val) }, test: { x: feats.test, labels: labels(data.test) } },
          data.kind,
          data.classNames,
          seed,
          opts.probe,
        );
        ({ probs, bestEpoch } = r);
      } else {
        const enc = await method.create(seed);
        const r = await fineTune(
          enc,
          pre,
          {
            train: { pixels: subset.map((i) => trainPx[i]), labels: subLabels },
            val: { pixels: valPx, labels: labels(data.val) },
            test: { pixels: testPx, labels: labels(data.test) },
          },
          data.kind,
          data.classNames,
          seed,
          opts.fineTune,
        );
        ({ probs, bestEpoch } = r);
      }
      const scored = classificationScores(data.kind, labels(data.test), probs, data.classNames);
      scored.notes.forEach((n) => notes.add(n));
      const r = resampleScores(data.kind, labels(data.test), probs, data.classNames, opts.bootstrap);
      resampled.push(r);
      const intervals = seedIntervals(r);
      perSeed.push({ seed, metrics: { ...scored.metrics, trainExamples: subset.length, bestEpoch }, ...(intervals ? { intervals } : {}) });
      if (roc.length === 0) roc = rocSeries(targetRows(data.kind, labels(data.test), c), probs, data.classNames, scored.metrics);
    }
    runs.push({
      result: makeRunResult({
        task: opts.mode,
        method: method.name,
        dataset: data.name,
        labelFraction: fraction,
        primaryMetric: data.kind === 'multi-label' ? 'auroc' : 'accuracy',
        config: {
          mode: opts.mode,
          kind: data.kind,
          classes: data.classNames,
          features: opts.mode === 'linear-probe' ? (opts.features ?? 'backbone') : undefined,
          probe: opts.probe,
          fineTune: opts.fineTune,
          preprocess: pre,
          sizes: { train: data.train.length, val: data.val.length, test: data.test.length },
          bootstrap: opts.bootstrap ?? {},
        },
        perSeed,
        intervals: seedMeanIntervals(resampled),
        fingerprints: opts.fingerprints ?? [],
        notes: notes.size ? [...notes] : undefined,
      }),
      roc,
    });
  }
  return runs;
}

function rocSeries(truth: number[][], probs: Float64Array, classNames: readonly string[], metrics: Record<string, number>): RocSeries[] {
  const c = classNames.length;
  return classNames.flatMap((name, j) => {
    const y = truth.map((r) => r[j]);
    if (!y.includes(0) || !y.includes(1)) return [];
    const s = truth.map((_, i) => probs[i * c + j]);
    const curve = rocCurve(y, s);
    return [{ label: name, fpr: curve.fpr, tpr: curve.tpr, auc: metrics[`auroc/${name}`] }];
  });
}
