/**
 * Reference loops for the fused ops: they compose the plain kernels in double
 * precision and round once to the output dtype, so they check the WebGPU epilogues
 * and the one-dispatch AdamW step independently of them.
 */
import type { AdamWParams, Conv2dParams, FusedActivation, View } from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';
import { conv2dKernel } from './conv.js';
import { matmulKernel } from './matmul.js';
import { fromF64 } from './storage.js';
import { readF64 } from './strided.js';
import { unaryFn } from './unary.js';

function activate(values: Float64Array, act: FusedActivation): void {
  if (act === 'none') return;
  const f = unaryFn(act, 'float64');
  for (let i = 0; i < values.length; i++) values[i] = f(values[i]);
}

/** act(a @ b + bias[n]). */
export function matmulBiasActKernel(a: View, b: View, bias: View | null, act: FusedActivation, outDtype: DType): TypedArray {
  const out = matmulKernel(a, b, 'float64') as Float64Array;
  if (bias) {
    const bv = readF64(bias);
    const n = bv.length;
    for (let i = 0; i < out.length; i++) out[i] += bv[i % n];
  }
  activate(out, act);
  return fromF64(out, outDtype);
}

/** act(conv2d(x, w) + bias[c]), in x's dtype. */
export function conv2dBiasActKernel(x: View, w: View, bias: View | null, p: Conv2dParams, act: FusedActivation): TypedArray {
  const y = conv2dKernel(x, w, bias, p);
  const f = Float64Array.from(y);
  activate(f, act);
  return fromF64(f, x.dtype);
}

/** One AdamW step; returns the new param, m and v in param's dtype. */
export function adamwKernel(param: View, grad: View, m: View, v: View, hp: AdamWParams): { param: TypedArray; m: TypedArray; v: TypedArray } {
  const p = readF64(param);
  const g = readF64(grad);
  const m1 = readF64(m);
  const v1 = readF64(v);
  const bc1 = 1 - hp.beta1 ** hp.step;
  const bc2 = 1 - hp.beta2 ** hp.step;
  for (let i = 0; i < p.length; i++) {
    p[i] -= hp.lr * hp.weightDecay * p[i];
    m1[i] = hp.beta1 * m1[i] + (1 - hp.beta1) * g[i];
    v1[i] = hp.beta2 * v1[i] + (1 - hp.beta2) * g[i] * g[i];
    p[i] -= (hp.lr * (m1[i] / bc1)) / (Math.sqrt(v1[i] / bc2) + hp.eps);
  }
  const dt = param.dtype;
  return { param: fromF64(p, dt), m: fromF64(m1, dt), v: fromF64(v1, dt) };
}
