import type { BinaryOp, UnaryOp, View } from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';
import { sizeOf } from '../../shape.js';
import { binaryFn } from './binary.js';
import { forEachRow, planRows } from './runs.js';
import { allocOutput, dataOf } from './storage.js';
import { unaryFn } from './unary.js';

/**
 * Elementwise kernels. Every element is read from its storage as a double, computed in
 * double precision and rounded once by the store into the output array (a Float32Array
 * store rounds, an Int32Array store wraps like ToInt32); bool outputs store x ≠ 0.
 * The inputs are walked row by row (see runs.ts), never copied.
 */

type Fn1 = (x: number) => number;
type Fn2 = (a: number, b: number) => number;

/** A bool result is x ≠ 0 (NaN → true, as in PyTorch), which a Uint8Array store would not do. */
function toBool1(f: Fn1): Fn1 {
  return (x) => (f(x) !== 0 ? 1 : 0);
}
function toBool2(f: Fn2): Fn2 {
  return (a, b) => (f(a, b) !== 0 ? 1 : 0);
}

export function unaryKernel(op: UnaryOp, x: View, outDtype: DType): TypedArray {
  const f = outDtype === 'bool' ? toBool1(unaryFn(op, outDtype)) : unaryFn(op, outDtype);
  const out = allocOutput(outDtype, sizeOf(x.shape));
  const X = dataOf(x.storage);
  const plan = planRows(x.shape, [x.strides]);
  const len = plan.shape[plan.shape.length - 1];
  const sx = plan.strides[0][plan.shape.length - 1];
  forEachRow(plan, [x.offset], (row, bases) => {
    for (let o = row * len, end = o + len, i = bases[0]; o < end; o++, i += sx) out[o] = f(X[i]);
  });
  return out;
}

/** One output row of a binary op: out[o + j] = a[ia + j·sa] ∘ b[ib + j·sb]. */
type Row2 = (out: TypedArray, o: number, len: number, A: TypedArray, ia: number, sa: number, B: TypedArray, ib: number, sb: number) => void;

// The hot arithmetic ops get their own loops so the operation is inlined rather than
// called through a function per element (valid for any output dtype but int32 mul, which needs imul).
const ARITH_ROWS: Partial<Record<BinaryOp, Row2>> = {
  add: (out, o, len, A, ia, sa, B, ib, sb) => {
    for (let end = o + len; o < end; o++, ia += sa, ib += sb) out[o] = A[ia] + B[ib];
  },
  sub: (out, o, len, A, ia, sa, B, ib, sb) => {
    for (let end = o + len; o < end; o++, ia += sa, ib += sb) out[o] = A[ia] - B[ib];
  },
  mul: (out, o, len, A, ia, sa, B, ib, sb) => {
    for (let end = o + len; o < end; o++, ia += sa, ib += sb) out[o] = A[ia] * B[ib];
  },
  div: (out, o, len, A, ia, sa, B, ib, sb) => {
    for (let end = o + len; o < end; o++, ia += sa, ib += sb) out[o] = A[ia] / B[ib];
  },
};

function rowOf(f: Fn2): Row2 {
  return (out, o, len, A, ia, sa, B, ib, sb) => {
    for (let end = o + len; o < end; o++, ia += sa, ib += sb) out[o] = f(A[ia], B[ib]);
  };
}

function binaryRow(op: BinaryOp, outDtype: DType): Row2 {
  const f = binaryFn(op, outDtype);
  if (outDtype === 'bool') return rowOf(toBool2(f));
  if (outDtype === 'int32' && op === 'mul') return rowOf(f);
  return ARITH_ROWS[op] ?? rowOf(f);
}

export function binaryKernel(op: BinaryOp, a: View, b: View, outDtype: DType): TypedArray {
  const out = allocOutput(outDtype, sizeOf(a.shape));
  const A = dataOf(a.storage);
  const B = dataOf(b.storage);
  const plan = planRows(a.shape, [a.strides, b.strides]);
  const inner = plan.shape.length - 1;
  const len = plan.shape[inner];
  const sa = plan.strides[0][inner];
  const sb = plan.strides[1][inner];
  const row2 = binaryRow(op, outDtype);
  forEachRow(plan, [a.offset, b.offset], (row, bases) => row2(out, row * len, len, A, bases[0], sa, B, bases[1], sb));
  return out;
}

/** (x − shift)·scale + offset; the result rounds once to the output dtype. */
export function shiftScaleKernel(x: View, shift: View, scale: View, offset: View, outDtype: DType): TypedArray {
  const out = allocOutput(outDtype, sizeOf(x.shape));
  const [X, S, C, O] = [x, shift, scale, offset].map((v) => dataOf(v.storage));
  const plan = planRows(x.shape, [x.strides, shift.strides, scale.strides, offset.strides]);
  const inner = plan.shape.length - 1;
  const len = plan.shape[inner];
  const [sx, ss, sc, so] = plan.strides.map((s) => s[inner]);
  // A normalisation's per-channel (or per-row) operands are constant along the inner
  // dim: read them once per row, and loop over at most one strided operand besides x.
  const varying = (ss !== 0 ? 1 : 0) + (sc !== 0 ? 1 : 0) + (so !== 0 ? 1 : 0);
  forEachRow(plan, [x.offset, shift.offset, scale.offset, offset.offset], (row, bases) => {
    let ix = bases[0];
    let is = bases[1];
    let ic = bases[2];
    let io = bases[3];
    const start = row * len;
    const end = start + len;
    if (varying > 1) {
      for (let o = start; o < end; o++, ix += sx, is += ss, ic += sc, io += so) out[o] = (X[ix] - S[is]) * C[ic] + O[io];
      return;
    }
    const sh = S[is];
    const k = C[ic];
    const of = O[io];
    if (ss !== 0) for (let o = start; o < end; o++, ix += sx, is += ss) out[o] = (X[ix] - S[is]) * k + of;
    else if (sc !== 0) for (let o = start; o < end; o++, ix += sx, ic += sc) out[o] = (X[ix] - sh) * C[ic] + of;
    else if (so !== 0) for (let o = start; o < end; o++, ix += sx, io += so) out[o] = (X[ix] - sh) * k + O[io];
    else for (let o = start; o < end; o++, ix += sx) out[o] = (X[ix] - sh) * k + of;
  });
  return out;
}

export function whereKernel(cond: View, a: View, b: View, outDtype: DType): TypedArray {
  const out = allocOutput(outDtype, sizeOf(cond.shape));
  const C = dataOf(cond.storage);
  const A = dataOf(a.storage);
  const B = dataOf(b.storage);
  const plan = planRows(cond.shape, [cond.strides, a.strides, b.strides]);
  const inner = plan.shape.length - 1;
  const len = plan.shape[inner];
  const [sc, sa, sb] = plan.strides.map((s) => s[inner]);
  const bool = outDtype === 'bool';
  forEachRow(plan, [cond.offset, a.offset, b.offset], (row, bases) => {
    let ic = bases[0];
    let ia = bases[1];
    let ib = bases[2];
    for (let o = row * len, end = o + len; o < end; o++, ic += sc, ia += sa, ib += sb) {
      const v = C[ic] !== 0 ? A[ia] : B[ib];
      out[o] = bool ? (v !== 0 ? 1 : 0) : v;
    }
  });
  return out;
}
