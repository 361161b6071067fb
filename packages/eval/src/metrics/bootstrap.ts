/**
 * Percentile bootstrap confidence intervals for any metric: resample the evaluation cases
 * with replacement (seeded, so a report can be regenerated exactly), recompute the metric
 * on each resample, and take the (1−level)/2 and (1+level)/2 percentiles of those values
 * (linear interpolation between order statistics, numpy's default).
 *
 * A resample on which the metric is undefined (NaN — e.g. AUROC of a resample that drew
 * no positive case) is dropped and counted in `dropped`; the interval uses the rest.
 */
import { SeededRandom } from '@prior/datasets';
import { MetricInputError } from '../errors.js';

export interface BootstrapOptions {
  /** Number of resamples; default 1000. */
  resamples?: number;
  /** Coverage of the interval; default 0.95. */
  level?: number;
  /** Seed of the resampling; default 0. */
  seed?: number;
}

export interface BootstrapCi {
  /** The metric on the original cases. */
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  resamples: number;
  /** Resamples whose metric was NaN and that were left out. */
  dropped: number;
}

/** The q-quantile (q in [0,1]) of `values` with linear interpolation; NaN for an empty list. */
export function percentile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new MetricInputError('percentile', 'q', 'a number in [0, 1]', String(q));
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** The interval from already computed resample statistics (NaNs dropped). */
export function percentileInterval(statistics: readonly number[], level = 0.95): { lower: number; upper: number; dropped: number } {
  if (!(level > 0 && level < 1)) throw new MetricInputError('bootstrap', 'level', 'a number in (0, 1)', String(level));
  const kept = statistics.filter((v) => !Number.isNaN(v));
  const tail = (1 - level) / 2;
  return { lower: percentile(kept, tail), upper: percentile(kept, 1 - tail), dropped: statistics.length - kept.length };
}

/** `resamples` lists of `n` case indices drawn uniformly with replacement. */
export function bootstrapIndices(n: number, resamples: number, seed = 0): Int32Array[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: resamples }, () => {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = rng.int(n);
    return idx;
  });
}

/**
 * Bootstrap CI of `metric` over `cases` (one element per evaluated image/query: pack
 * labels and scores together, e.g. `{ label, score }`).
 */
export function bootstrapCi<T>(cases: readonly T[], metric: (sample: readonly T[]) => number, opts: BootstrapOptions = {}): BootstrapCi {
  const resamples = opts.resamples ?? 1000;
  const level = opts.level ?? 0.95;
  if (cases.length === 0) throw new MetricInputError('bootstrapCi', 'cases', 'at least one case', 'none');
  if (!Number.isInteger(resamples) || resamples < 1) throw new MetricInputError('bootstrapCi', 'resamples', 'a positive integer', String(resamples));
  if (!(level > 0 && level < 1)) throw new MetricInputError('bootstrapCi', 'level', 'a number in (0, 1)', String(level));
  const stats = bootstrapIndices(cases.length, resamples, opts.seed ?? 0).map((idx) => metric(Array.from(idx, (i) => cases[i])));
  const { lower, upper, dropped } = percentileInterval(stats, level);
  return { estimate: metric(cases), lower, upper, level, resamples, dropped };
}
