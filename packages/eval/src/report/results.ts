/**
 * The results file of one evaluation run: one task, one method (encoder), one label
 * fraction, several seeds. It carries everything needed to compare runs later: the
 * configuration, the seeds, each seed's metrics (with bootstrap intervals where
 * computed), mean ± sample std over seeds, and the data-set fingerprints.
 *
 * JSON has no NaN: an undefined metric is written as null and read back as NaN.
 */
import { type FileStore, writeText, readText } from '@prior/datasets';
import { ReportError } from '../errors.js';
import type { Interval } from '../metrics/seed-bootstrap.js';
import { meanStd, type MeanStd } from '../stats.js';
import type { DatasetFingerprint } from './fingerprint.js';

export const RESULTS_FORMAT = 'prior-eval/results@1';

export interface SeedResult {
  seed: number;
  /** Metric name → value, e.g. `{ auroc: 0.87, 'auroc/Edema': 0.9 }`. */
  metrics: Record<string, number>;
  /** Bootstrap intervals of the headline metrics on this seed's test set (metrics/seed-bootstrap). */
  intervals?: Record<string, Interval>;
}

export interface AggregateMetric extends MeanStd {
  /** Seeds where the metric was NaN and left out of the mean (absent when none). */
  undefinedSeeds?: number[];
}

export interface RunResult {
  format: typeof RESULTS_FORMAT;
  /** e.g. `linear-probe`, `fine-tune`, `zero-shot`, `retrieval`, `segmentation`, `detection`. */
  task: string;
  /** The encoder's name (the table row). */
  method: string;
  /** The data set the task ran on (the table column group), e.g. `CheXpert`. */
  dataset: string;
  /** Fraction of training labels used (0.01, 0.1, 1); absent for tasks without training. */
  labelFraction?: number;
  /** The headline metric of this task, e.g. `auroc`. */
  primaryMetric: string;
  config: unknown;
  seeds: number[];
  perSeed: SeedResult[];
  aggregate: Record<string, AggregateMetric>;
  /**
   * Bootstrap intervals of the seed mean of the headline metrics (test cases resampled,
   * resample b of every seed averaged; metrics/seed-bootstrap), the brackets in the tables.
   */
  intervals?: Record<string, Interval>;
  fingerprints: DatasetFingerprint[];
  /** ISO time the result was written. */
  createdAt: string;
  notes?: string[];
}

export type RunResultInput = Omit<RunResult, 'format' | 'aggregate' | 'seeds' | 'createdAt'> & { createdAt?: string };

/** Mean ± std over seeds for every metric any seed reported. */
export function aggregateSeeds(perSeed: readonly SeedResult[]): Record<string, AggregateMetric> {
  const names = [...new Set(perSeed.flatMap((s) => Object.keys(s.metrics)))];
  const out: Record<string, AggregateMetric> = {};
  for (const name of names) {
    const undefinedSeeds = perSeed.filter((s) => !Number.isFinite(s.metrics[name])).map((s) => s.seed);
    const values = perSeed.map((s) => s.metrics[name]).filter((v) => Number.isFinite(v));
    const agg: AggregateMetric = values.length ? meanStd(values) : { mean: NaN, std: NaN, n: 0 };
    if (undefinedSeeds.length) agg.undefinedSeeds = undefinedSeeds;
    out[name] = agg;
  }
  return out;
}

/** Assembles a result: seeds and aggregates are derived from `perSeed`. */
export function makeRunResult(input: RunResultInput): RunResult {
  if (input.perSeed.length === 0) throw new ReportError(`results of ${input.method} on ${input.task}: no seeds`);
  const seeds = input.perSeed.map((s) => s.seed);
  if (new Set(seeds).size !== seeds.length) throw new ReportError(`results of ${input.method} on ${input.task}: seed listed twice in ${JSON.stringify(seeds)}`);
  if (!input.perSeed.some((s) => input.primaryMetric in s.metrics)) {
    throw new ReportError(`results of ${input.method} on ${input.task}: primary metric ${JSON.stringify(input.primaryMetric)} is in no seed's metrics`);
  }
  return {
    format: RESULTS_FORMAT,
    ...input,
    seeds,
    aggregate: aggregateSeeds(input.perSeed),
    createdAt: input.createdAt ?? new Date().toISOString(),
  };
}

/** Pretty JSON with NaN/±Infinity written as null. */
export function resultsToJson(result: RunResult): string {
  return JSON.stringify(result, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}

const nullToNaN = (rec: Record<string, number | null>) => Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, v ?? NaN]));

/** Parses a results file, turning the nulls of metrics back into NaN. */
export function parseResults(text: string, name = 'results'): RunResult {
  let raw: RunResult;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ReportError(`${name}: not JSON (${(e as Error).message})`);
  }
  if (raw?.format !== RESULTS_FORMAT) throw new ReportError(`${name}: format must be ${JSON.stringify(RESULTS_FORMAT)}, got ${JSON.stringify(raw?.format)}`);
  for (const key of ['task', 'method', 'dataset', 'primaryMetric'] as const) {
    if (typeof raw[key] !== 'string') throw new ReportError(`${name}: ${key} must be a string`);
  }
  if (!Array.isArray(raw.perSeed)) throw new ReportError(`${name}: perSeed must be an array`);
  raw.perSeed = raw.perSeed.map((s) => ({ ...s, metrics: nullToNaN(s.metrics as Record<string, number | null>) }));
  const nanIntervals = (rec: Record<string, Interval> | undefined) => {
    for (const i of Object.values(rec ?? {})) {
      i.lower ??= NaN;
      i.upper ??= NaN;
    }
  };
  nanIntervals(raw.intervals);
  for (const s of raw.perSeed) nanIntervals(s.intervals);
  for (const a of Object.values(raw.aggregate ?? {})) {
    a.mean ??= NaN;
    a.std ??= NaN;
  }
  return raw;
}

export async function writeResults(store: FileStore, path: string, result: RunResult): Promise<void> {
  await writeText(store, path, resultsToJson(result));
}

export async function readResults(store: FileStore, path: string): Promise<RunResult> {
  return parseResults(await readText(store, path), store.describe(path));
}
