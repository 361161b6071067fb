/**
 * Statistics over seeds: every task runs several seeds and reports mean ± sample standard
 * deviation (n − 1 in the denominator, numpy's `std(ddof=1)`); one seed has no spread, so
 * its std is NaN and the formatters print the mean alone.
 */
import { MetricInputError } from './errors.js';

export interface MeanStd {
  mean: number;
  /** Sample standard deviation; NaN for a single value. */
  std: number;
  n: number;
}

/** Mean and sample std of `values`; NaN entries are an error (an undefined metric must be handled first). */
export function meanStd(values: readonly number[]): MeanStd {
  if (values.length === 0) throw new MetricInputError('meanStd', 'values', 'at least one value', 'none');
  values.forEach((v, i) => {
    if (Number.isNaN(v)) throw new MetricInputError('meanStd', `values[${i}]`, 'a number', 'NaN');
  });
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, std: NaN, n };
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, std: Math.sqrt(ss / (n - 1)), n };
}

export interface FormatOptions {
  /** Decimals after the point; default 1. */
  digits?: number;
  /** Multiply before printing: 100 shows fractions as percentages (the papers' style); default 100. */
  scale?: number;
}

/** A number as the tables print it; NaN as an em dash. */
export function formatNumber(v: number, opts: FormatOptions = {}): string {
  if (Number.isNaN(v)) return '—';
  const s = (v * (opts.scale ?? 100)).toFixed(opts.digits ?? 1);
  return s === '-0' || /^-0\.0*$/.test(s) ? s.slice(1) : s;
}

/** `mean ± std`, e.g. `87.6 ± 0.4` for {mean: 0.876, std: 0.004}; the mean alone when std is NaN. */
export function formatMeanStd(m: Pick<MeanStd, 'mean' | 'std'>, opts: FormatOptions = {}): string {
  const mean = formatNumber(m.mean, opts);
  return Number.isNaN(m.std) || Number.isNaN(m.mean) ? mean : `${mean} ± ${formatNumber(m.std, opts)}`;
}

/** An interval as `[lower, upper]` with the same scaling, e.g. `[85.1, 90.2]`. */
export function formatInterval(lower: number, upper: number, opts: FormatOptions = {}): string {
  return `[${formatNumber(lower, opts)}, ${formatNumber(upper, opts)}]`;
}
