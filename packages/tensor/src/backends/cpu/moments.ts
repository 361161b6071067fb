import type { View } from '../../backend.js';
import type { TypedArray } from '../../dtype.js';
import { cpuLastAxisRows } from './last-axis-rows.js';
import { allocOutput } from './storage.js';

/**
 * Mean and biased variance over the last axis, in double precision and two passes
 * (the mean, then Σ(x − mean)²), so variance suffers no cancellation. A non-finite
 * value makes x − mean NaN somewhere in its row, so the variance is NaN there.
 */
export function momentsLastAxisKernel(x: View): { mean: TypedArray; variance: TypedArray } {
  const { data, bases, len, stride: st } = cpuLastAxisRows('momentsLastAxis', x);
  const mean = allocOutput(x.dtype, bases.length);
  const variance = allocOutput(x.dtype, bases.length);
  for (let row = 0; row < bases.length; row++) {
    const base = bases[row];
    let s = 0;
    for (let j = 0, i = base; j < len; j++, i += st) s += data[i];
    const m = s / len;
    let q = 0;
    for (let j = 0, i = base; j < len; j++, i += st) {
      const d = data[i] - m;
      q += d * d;
    }
    mean[row] = m;
    variance[row] = q / len;
  }
  return { mean, variance };
}
