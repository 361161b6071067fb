import type { BinaryOp } from '../../backend.js';
import type { DType } from '../../dtype.js';

type Fn = (a: number, b: number) => number;

/** C's pow, which differs from Math.pow only in pow(1, NaN) = 1. */
function pow(a: number, b: number): number {
  return a === 1 ? 1 : Math.pow(a, b);
}

/** Integer power by squaring with int32 wrap-around; negative exponents truncate like 1/a^|b|. */
function ipow(a: number, b: number): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 === 0 ? 1 : -1) : 0;
  let r = 1;
  let base = a | 0;
  for (let e = b; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) r = Math.imul(r, base);
    base = Math.imul(base, base);
  }
  return r;
}

const FNS: Record<BinaryOp, Fn> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow,
  maximum: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b),
  minimum: (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b),
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  and: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  or: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
};

/**
 * The scalar function of a binary op. With an int32 result, add/sub are exact in doubles
 * and wrap on store; mul and pow need 32-bit arithmetic because their exact products
 * can exceed 2^53.
 */
export function binaryFn(op: BinaryOp, outDtype: DType): Fn {
  if (outDtype === 'int32') {
    if (op === 'mul') return Math.imul;
    if (op === 'pow') return ipow;
  }
  return FNS[op];
}
