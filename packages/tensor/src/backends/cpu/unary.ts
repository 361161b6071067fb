import type { UnaryOp } from '../../backend.js';
import type { DType } from '../../dtype.js';
import { erf, erfc } from './special.js';

type Fn = (x: number) => number;

const SQRT1_2 = Math.SQRT1_2;

function sigmoid(x: number): number {
  // Two branches so that exp never overflows.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const FNS: Record<UnaryOp, Fn> = {
  identity: (x) => x,
  neg: (x) => -x,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x), // 0 → 0, NaN → NaN
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  square: (x) => x * x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid,
  relu: (x) => (x > 0 || x !== x ? x : 0),
  // erfc form keeps relative accuracy where x/2·(1 + erf(x/√2)) would cancel (large negative x).
  gelu: (x) => 0.5 * x * erfc(-x * SQRT1_2),
  erf,
  not: (x) => (x === 0 ? 1 : 0),
  isnan: (x) => (x !== x ? 1 : 0),
};

/** The scalar function of a unary op; int32 squares wrap like int32 when the result is int32. */
export function unaryFn(op: UnaryOp, outDtype: DType): Fn {
  if (op === 'square' && outDtype === 'int32') return (x) => Math.imul(x, x);
  return FNS[op];
}
