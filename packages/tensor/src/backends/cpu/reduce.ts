import type { ReduceOp, View } from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';
import { dataOf, fromF64 } from './storage.js';
import { offsetsOf } from './strided.js';

/** Folds one reduced block, given the storage, the block's base offset and the relative offsets. */
type Fold = (data: TypedArray, base: number, rel: Int32Array) => number;

const sumF: Fold = (d, base, rel) => {
  let acc = 0;
  for (let j = 0; j < rel.length; j++) acc += d[base + rel[j]];
  return acc;
};
const sumI: Fold = (d, base, rel) => {
  let acc = 0;
  for (let j = 0; j < rel.length; j++) acc = (acc + d[base + rel[j]]) | 0;
  return acc;
};
const prodF: Fold = (d, base, rel) => {
  let acc = 1;
  for (let j = 0; j < rel.length; j++) acc *= d[base + rel[j]];
  return acc;
};
const prodI: Fold = (d, base, rel) => {
  let acc = 1;
  for (let j = 0; j < rel.length; j++) acc = Math.imul(acc, d[base + rel[j]]);
  return acc;
};
// max/min: the first NaN decides the result (NaN propagates).
const maxF: Fold = (d, base, rel) => {
  let best = -Infinity;
  for (let j = 0; j < rel.length; j++) {
    const v = d[base + rel[j]];
    if (v !== v) return NaN;
    if (v > best) best = v;
  }
  return rel.length === 0 ? NaN : best;
};
const minF: Fold = (d, base, rel) => {
  let best = Infinity;
  for (let j = 0; j < rel.length; j++) {
    const v = d[base + rel[j]];
    if (v !== v) return NaN;
    if (v < best) best = v;
  }
  return rel.length === 0 ? NaN : best;
};
// arg folds: strict comparison keeps the first of equal values; the first NaN wins outright.
const argmaxF: Fold = (d, base, rel) => {
  let best = 0;
  let bv = d[base + rel[0]];
  for (let j = 1; j < rel.length && bv === bv; j++) {
    const v = d[base + rel[j]];
    if (v > bv || v !== v) {
      bv = v;
      best = j;
    }
  }
  return best;
};
const argminF: Fold = (d, base, rel) => {
  let best = 0;
  let bv = d[base + rel[0]];
  for (let j = 1; j < rel.length && bv === bv; j++) {
    const v = d[base + rel[j]];
    if (v < bv || v !== v) {
      bv = v;
      best = j;
    }
  }
  return best;
};

function foldFor(op: ReduceOp, outDtype: DType): Fold {
  const int = outDtype === 'int32';
  switch (op) {
    case 'sum':
      return int ? sumI : sumF;
    case 'prod':
      return int ? prodI : prodF;
    case 'max':
      return maxF;
    case 'min':
      return minF;
    case 'argmax':
      return argmaxF;
    case 'argmin':
      return argminF;
  }
}

/**
 * Reduces `axes` of x. The kept axes give one base offset per output element; the
 * reduced axes give one list of relative offsets shared by every output element
 * (for argmax/argmin a single axis, so the list position is the index along it).
 */
export function reduceKernel(op: ReduceOp, x: View, axes: readonly number[], outDtype: DType): TypedArray {
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const redShape: number[] = [];
  const redStrides: number[] = [];
  x.shape.forEach((d, i) => {
    if (axes.includes(i)) {
      redShape.push(d);
      redStrides.push(x.strides[i]);
    } else {
      keptShape.push(d);
      keptStrides.push(x.strides[i]);
    }
  });
  const bases = offsetsOf(keptShape, keptStrides, x.offset);
  const rel = offsetsOf(redShape, redStrides, 0);
  const data = dataOf(x.storage);
  const fold = foldFor(op, outDtype);
  const out = new Float64Array(bases.length);
  if (rel.length === 0 && (op === 'argmax' || op === 'argmin')) return fromF64(out, outDtype);
  for (let i = 0; i < bases.length; i++) out[i] = fold(data, bases[i], rel);
  return fromF64(out, outDtype);
}
