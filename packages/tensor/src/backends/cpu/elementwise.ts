import type { BinaryOp, UnaryOp, View } from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';
import { binaryFn } from './binary.js';
import { fromF64 } from './storage.js';
import { readF64 } from './strided.js';
import { unaryFn } from './unary.js';

/** Elementwise kernels: read the inputs as doubles, compute, round once on store. */
export function unaryKernel(op: UnaryOp, x: View, outDtype: DType): TypedArray {
  const xs = readF64(x);
  const f = unaryFn(op, outDtype);
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = f(xs[i]);
  return fromF64(out, outDtype);
}

export function binaryKernel(op: BinaryOp, a: View, b: View, outDtype: DType): TypedArray {
  const as = readF64(a);
  const bs = readF64(b);
  const f = binaryFn(op, outDtype);
  const out = new Float64Array(as.length);
  for (let i = 0; i < as.length; i++) out[i] = f(as[i], bs[i]);
  return fromF64(out, outDtype);
}

export function whereKernel(cond: View, a: View, b: View, outDtype: DType): TypedArray {
  const cs = readF64(cond);
  const as = readF64(a);
  const bs = readF64(b);
  const out = new Float64Array(cs.length);
  for (let i = 0; i < cs.length; i++) out[i] = cs[i] !== 0 ? as[i] : bs[i];
  return fromF64(out, outDtype);
}
