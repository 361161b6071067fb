import type { View } from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';
import { cpuLastAxisRows } from './last-axis-rows.js';
import { allocOutput } from './storage.js';

/** Which quantity of the row's log-sum-exp the kernel writes. */
export type SoftmaxKind = 'softmax' | 'logSoftmax' | 'logsumexp';

/**
 * Softmax, log-softmax or log-sum-exp over the last axis, in double precision: each
 * row is shifted by its maximum m so exp never overflows, and log Σ exp(x) = m + log s
 * with s = Σ exp(x − m). PyTorch's results for rows whose maximum is not finite:
 * softmax and log-softmax are all NaN; log-sum-exp is NaN (a NaN in the row), +inf (a
 * +inf) or -inf (only -inf).
 */
export function softmaxLastAxisKernel(x: View, outDtype: DType, kind: SoftmaxKind = 'softmax'): TypedArray {
  const { data, bases, len, stride: st } = cpuLastAxisRows(kind, x);
  const out = allocOutput(outDtype, kind === 'logsumexp' ? bases.length : bases.length * len);
  const e = new Float64Array(len);
  for (let row = 0; row < bases.length; row++) {
    const base = bases[row];
    const o = row * len;
    let m = -Infinity;
    for (let j = 0, i = base; j < len; j++, i += st) {
      const v = data[i];
      if (v !== v || v > m) m = v;
      if (m !== m) break;
    }
    if (!Number.isFinite(m)) {
      // m is NaN, +inf or (only -inf in the row) -inf, and so is the log-sum-exp.
      if (kind === 'logsumexp') out[row] = m;
      else out.fill(NaN, o, o + len);
      continue;
    }
    let s = 0;
    for (let j = 0, i = base; j < len; j++, i += st) s += e[j] = Math.exp(data[i] - m);
    if (kind === 'logsumexp') out[row] = m + Math.log(s);
    else if (kind === 'softmax') for (let j = 0; j < len; j++) out[o + j] = e[j] / s;
    else {
      const ls = Math.log(s);
      for (let j = 0, i = base; j < len; j++, i += st) out[o + j] = data[i] - m - ls;
    }
  }
  return out;
}
