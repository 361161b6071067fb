import type { View } from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';
import { cpuLastAxisRows } from './last-axis-rows.js';
import { allocOutput } from './storage.js';

/**
 * Softmax over the last axis, in double precision: each row is shifted by its maximum
 * so exp never overflows. A row whose maximum is not finite (a NaN or +inf in it, or
 * only -inf) is all NaN, as PyTorch gives.
 */
export function softmaxLastAxisKernel(x: View, outDtype: DType): TypedArray {
  const { data, bases, len, stride: st } = cpuLastAxisRows('softmaxLastAxis', x);
  const out = allocOutput(outDtype, bases.length * len);
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
      out.fill(NaN, o, o + len);
      continue;
    }
    let s = 0;
    for (let j = 0, i = base; j < len; j++, i += st) s += e[j] = Math.exp(data[i] - m);
    for (let j = 0; j < len; j++) out[o + j] = e[j] / s;
  }
  return out;
}
