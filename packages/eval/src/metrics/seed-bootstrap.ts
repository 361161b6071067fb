/**
 * Bootstrap intervals for the numbers the tables print (mean over seeds of a task metric).
 *
 * Per seed: the seed's test cases (images, queries) are resampled with replacement
 * `resamples` times and every headline metric is recomputed on each resample, giving the
 * seed's own percentile interval. Pooled (the seed mean): resample b of every seed is
 * scored, the scores are averaged over the seeds, and the percentiles of those averages
 * are the interval of the mean. The resampling seed is the same for every training seed,
 * so where the seeds share one test set (classification, segmentation, detection) resample
 * b draws the same test cases for all of them: a paired bootstrap, whose interval reflects
 * the test set's sampling and not only the noise between seeds.
 */
import { MetricInputError } from '../errors.js';
import { bootstrapIndices, percentileInterval } from './bootstrap.js';

export interface IntervalOptions {
  /** Resamples (default 1000; 0 turns intervals off). */
  resamples?: number;
  /** Coverage (default 0.95). */
  level?: number;
  /** Resampling seed, shared by all training seeds (default 0). */
  seed?: number;
}

export const INTERVAL_DEFAULTS = { resamples: 1000, level: 0.95, seed: 0 } as const;

/** A percentile interval as stored in the results JSON. */
export interface Interval {
  lower: number;
  upper: number;
  level: number;
  /** Resamples used; `dropped` of them had an undefined (NaN) metric. */
  resamples?: number;
  dropped?: number;
}

/** Each metric's value on every resample of one seed's cases. */
export interface Resampled {
  stats: Record<string, Float64Array>;
  level: number;
}

/**
 * Recomputes the metrics (`score` returns them by name) on `resamples` resamples of
 * `cases`; null when intervals are off or there are no cases.
 */
export function resampleMetrics<T>(cases: readonly T[], score: (sample: readonly T[]) => Readonly<Record<string, number>>, opts: IntervalOptions = {}): Resampled | null {
  const resamples = opts.resamples ?? INTERVAL_DEFAULTS.resamples;
  const level = opts.level ?? INTERVAL_DEFAULTS.level;
  if (!Number.isInteger(resamples) || resamples < 0) throw new MetricInputError('resampleMetrics', 'resamples', 'a non-negative integer', String(resamples));
  if (!(level > 0 && level < 1)) throw new MetricInputError('resampleMetrics', 'level', 'a number in (0, 1)', String(level));
  if (resamples === 0 || cases.length === 0) return null;
  const stats: Record<string, Float64Array> = {};
  bootstrapIndices(cases.length, resamples, opts.seed ?? INTERVAL_DEFAULTS.seed).forEach((idx, b) => {
    const values = score(Array.from(idx, (i) => cases[i]));
    for (const [n, v] of Object.entries(values)) (stats[n] ??= new Float64Array(resamples).fill(NaN))[b] = v;
  });
  return { stats, level };
}

function intervalOf(values: ArrayLike<number>, level: number): Interval {
  const { lower, upper, dropped } = percentileInterval(Array.from(values), level);
  return { lower, upper, level, resamples: values.length, dropped };
}

/** One seed's intervals. */
export function seedIntervals(r: Resampled | null): Record<string, Interval> | undefined {
  if (!r) return undefined;
  return Object.fromEntries(Object.entries(r.stats).map(([k, v]) => [k, intervalOf(v, r.level)]));
}

/**
 * Intervals of the mean over seeds: resample b's scores averaged over seeds (a seed whose
 * resample b is NaN is left out of that average; all NaN → NaN, dropped). Metrics missing
 * from a seed, or seeds with different resample counts, are an error.
 */
export function seedMeanIntervals(perSeed: readonly (Resampled | null)[]): Record<string, Interval> | undefined {
  const seeds = perSeed.filter((r): r is Resampled => r !== null);
  if (seeds.length === 0) return undefined;
  const names = Object.keys(seeds[0].stats);
  const b = seeds[0].stats[names[0]]?.length ?? 0;
  const out: Record<string, Interval> = {};
  for (const n of names) {
    const mean = new Float64Array(b);
    for (let k = 0; k < b; k++) {
      let sum = 0;
      let count = 0;
      for (const s of seeds) {
        const v = s.stats[n]?.[k];
        if (v === undefined || s.stats[n].length !== b) throw new MetricInputError('seedMeanIntervals', `stats.${n}`, `${b} resamples in every seed`, String(s.stats[n]?.length ?? 'none'));
        if (!Number.isNaN(v)) {
          sum += v;
          count++;
        }
      }
      mean[k] = count ? sum / count : NaN;
    }
    out[n] = intervalOf(mean, seeds[0].level);
  }
  return out;
}
