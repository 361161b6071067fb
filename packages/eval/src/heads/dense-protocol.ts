/**
 * The loop the segmentation and detection tasks share: for each label fraction and seed,
 * a stratified subset of the training images (empty / non-empty), a fresh head trained on
 * the encoder's feature maps, its best-validation test scores, and one picture per
 * fraction from the first seed; then one RunResult per fraction.
 *
 * Encoders: a frozen encoder is created once and its maps cached for every fraction and
 * seed. A fine-tuned one must start each seed from the same weights: a `Method` makes a
 * fresh encoder per (fraction, seed); a bare `Encoder` is fine-tuned in place and its
 * parameters restored before each seed and after the run (its batch-norm statistics stay
 * frozen while fine-tuning, see FeatureSource, so parameters are all there is to restore).
 */
import { labelFraction } from '@prior/datasets';
import type { Device } from '@prior/tensor';
import type { Encoder } from '../encoder.js';
import { type IntervalOptions, type Resampled, seedIntervals, seedMeanIntervals } from '../metrics/seed-bootstrap.js';
import type { DatasetFingerprint } from '../report/fingerprint.js';
import { type RunResult, type SeedResult, makeRunResult } from '../report/results.js';
import { type ImagePreprocess, type MethodLike, asMethod, deriveTaskSeed, resolveSeeds } from '../tasks/common/index.js';
import { type EncoderMode, FeatureSource, snapshotParameters } from './feature-source.js';

export interface DenseSplits<T> {
  name: string;
  pre: ImagePreprocess;
  train: T[];
  val: T[];
  test: T[];
}

export interface DenseProtocolOptions {
  /** Label fractions (default 0.01, 0.1, 1). */
  fractions?: readonly number[];
  /** Seed count or list (default 5). */
  seeds?: number | readonly number[];
  /** Encoder frozen (default) or fine-tuned with the head. */
  mode?: EncoderMode;
  /** Device of the head (and, unless encoderDevice is given, of the encoder's inputs). */
  device?: Device;
  /** Frozen mode: device of the encoder's input images when it differs from the head's (FeatureSource). */
  encoderDevice?: Device;
  fingerprints?: DatasetFingerprint[];
  /** Bootstrap intervals of the headline metrics, per seed and of the seed mean (metrics/seed-bootstrap). */
  bootstrap?: IntervalOptions;
  /** Called after each seed (progress). */
  onSeed?: (fraction: number, seed: number, metrics: Record<string, number>) => void;
}

export interface DenseSeedContext<T> {
  encoder: Encoder;
  source: FeatureSource;
  /** Indices into `all` (train, then val, then test images). */
  all: readonly T[];
  trainIdx: number[];
  valIdx: number[];
  testIdx: number[];
  seed: number;
  fraction: number;
  /** Whether this seed should draw the fraction's picture. */
  picture: boolean;
}

export interface DenseSeedOutcome {
  metrics: Record<string, number>;
  /** The headline metrics on resamples of the test set (null: intervals off). */
  resampled?: Resampled | null;
  picture?: Uint8Array;
}

export interface DenseTaskSpec<T> {
  task: string;
  primaryMetric: string;
  /** Stratum of the label-fraction draw. */
  positive: (item: T) => boolean;
  /** Recorded in each result (the mode and fractions are added). */
  config: Record<string, unknown>;
  notes: (encoder: Encoder, mode: EncoderMode) => string[];
  runSeed: (ctx: DenseSeedContext<T>) => Promise<DenseSeedOutcome>;
}

export interface DenseRun {
  results: RunResult[];
  pictures: { name: string; png: Uint8Array }[];
}

export async function runDenseProtocol<T extends { id: string; pixels: Float32Array }>(
  data: DenseSplits<T>,
  methodLike: MethodLike,
  spec: DenseTaskSpec<T>,
  opts: DenseProtocolOptions = {},
): Promise<DenseRun> {
  if (data.train.length === 0 || data.val.length === 0 || data.test.length === 0) throw new RangeError(`${spec.task}: ${data.name} needs train, val and test images`);
  const method = asMethod(methodLike);
  const fractions = opts.fractions ?? [0.01, 0.1, 1];
  const seeds = resolveSeeds(opts.seeds);
  const mode = opts.mode ?? 'frozen';
  const all = [...data.train, ...data.val, ...data.test];
  const pixels = all.map((m) => m.pixels);
  const valIdx = data.val.map((_, i) => data.train.length + i);
  const testIdx = data.test.map((_, i) => data.train.length + data.val.length + i);
  const position = new Map(data.train.map((m, i) => [m.id, i]));
  const fresh = mode === 'fine-tune' && method.reusable;
  const shared = fresh ? null : await method.create(seeds[0]);
  const sharedSource = shared ? new FeatureSource(shared, pixels, data.pre, mode, { device: opts.device, encoderDevice: opts.encoderDevice }) : null;
  const snapshot = shared && mode === 'fine-tune' ? snapshotParameters(shared) : null;
  const results: RunResult[] = [];
  const pictures: DenseRun['pictures'] = [];
  let noteEncoder: Encoder | null = shared;
  try {
    for (const fraction of fractions) {
      const perSeed: SeedResult[] = [];
      const resampled: (Resampled | null)[] = [];
      for (const seed of seeds) {
        snapshot?.restore();
        const encoder = shared ?? (await method.create(seed));
        noteEncoder ??= encoder;
        const source = sharedSource ?? new FeatureSource(encoder, pixels, data.pre, mode, { device: opts.device, encoderDevice: opts.encoderDevice });
        const subset = fraction >= 1 ? data.train : labelFraction(data.train, { fraction, seed: deriveTaskSeed(seed, 'fraction'), id: (m) => m.id, stratum: (m) => (spec.positive(m) ? '1' : '0') });
        const trainIdx = subset.map((m) => position.get(m.id)!);
        const picture = seed === seeds[0];
        const out = await spec.runSeed({ encoder, source, all, trainIdx, valIdx, testIdx, seed, fraction, picture });
        const metrics = { ...out.metrics, trainExamples: trainIdx.length };
        const intervals = seedIntervals(out.resampled ?? null);
        resampled.push(out.resampled ?? null);
        perSeed.push({ seed, metrics, ...(intervals ? { intervals } : {}) });
        opts.onSeed?.(fraction, seed, metrics);
        if (out.picture) pictures.push({ name: `${spec.task}-${data.name}-${method.name}-frac${fraction}.png`.replace(/[^A-Za-z0-9_.-]+/g, '_'), png: out.picture });
      }
      results.push(
        makeRunResult({
          task: spec.task,
          method: method.name,
          dataset: data.name,
          labelFraction: fraction,
          primaryMetric: spec.primaryMetric,
          config: { mode, fractions, preprocess: data.pre, sizes: { train: data.train.length, val: data.val.length, test: data.test.length }, bootstrap: opts.bootstrap ?? {}, ...spec.config },
          perSeed,
          intervals: seedMeanIntervals(resampled),
          fingerprints: opts.fingerprints ?? [],
          notes: spec.notes(noteEncoder!, mode),
        }),
      );
    }
  } finally {
    snapshot?.restore();
    snapshot?.dispose();
  }
  return { results, pictures };
}
