import type { ReduceOp, View } from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';
import { dataOf, fromF64 } from './storage.js';
import { planRows } from './runs.js';
import { offsetsOf } from './strided.js';

/**
 * Folds one reduced block: the elements data[base + row + j·st] for each `row` of `rows`
 * (relative offsets) and j < len, visited in row-major order of the reduced axes.
 */
type Fold = (data: TypedArray, base: number, rows: Int32Array, len: number, st: number) => number;

const sumF: Fold = (d, base, rows, len, st) => {
  let acc = 0;
  for (let r = 0; r < rows.length; r++) for (let j = 0, i = base + rows[r]; j < len; j++, i += st) acc += d[i];
  return acc;
};
const sumI: Fold = (d, base, rows, len, st) => {
  let acc = 0;
  for (let r = 0; r < rows.length; r++) for (let j = 0, i = base + rows[r]; j < len; j++, i += st) acc = (acc + d[i]) | 0;
  return acc;
};
const prodF: Fold = (d, base, rows, len, st) => {
  let acc = 1;
  for (let r = 0; r < rows.length; r++) for (let j = 0, i = base + rows[r]; j < len; j++, i += st) acc *= d[i];
  return acc;
};
const prodI: Fold = (d, base, rows, len, st) => {
  let acc = 1;
  for (let r = 0; r < rows.length; r++) for (let j = 0, i = base + rows[r]; j < len; j++, i += st) acc = Math.imul(acc, d[i]);
  return acc;
};
// max/min: the first NaN decides the result (NaN propagates); an empty block gives NaN.
const maxF: Fold = (d, base, rows, len, st) => {
  let best = -Infinity;
  for (let r = 0; r < rows.length; r++) {
    for (let j = 0, i = base + rows[r]; j < len; j++, i += st) {
      const v = d[i];
      if (v !== v) return NaN;
      if (v > best) best = v;
    }
  }
  return rows.length * len === 0 ? NaN : best;
};
const minF: Fold = (d, base, rows, len, st) => {
  let best = Infinity;
  for (let r = 0; r < rows.length; r++) {
    for (let j = 0, i = base + rows[r]; j < len; j++, i += st) {
      const v = d[i];
      if (v !== v) return NaN;
      if (v < best) best = v;
    }
  }
  return rows.length * len === 0 ? NaN : best;
};
// arg folds (a single reduced axis, so the flat position is the index along it): strict
// comparison keeps the first of equal values; the first NaN wins outright.
function argFold(better: (v: number, best: number) => boolean): Fold {
  return (d, base, rows, len, st) => {
    let best = 0;
    let bv = NaN;
    let t = 0;
    for (let r = 0; r < rows.length; r++) {
      for (let j = 0, i = base + rows[r]; j < len; j++, i += st, t++) {
        const v = d[i];
        if (t === 0 || better(v, bv) || v !== v) {
          bv = v;
          best = t;
          if (v !== v) return best;
        }
      }
    }
    return best;
  };
}
const argmaxF = argFold((v, b) => v > b);
const argminF = argFold((v, b) => v < b);

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
 * reduced axes, merged into rows, give one list of relative row starts shared by every
 * output element, so each fold runs along strided rows in the original order.
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
  // The reduced axes as rows (merged where contiguous): relative row starts, row length and stride.
  const plan = planRows(redShape, [redStrides]);
  const inner = plan.shape.length - 1;
  const rows = offsetsOf(plan.shape.slice(0, inner), plan.strides[0].slice(0, inner), 0);
  const len = plan.shape[inner];
  const st = plan.strides[0][inner];
  const data = dataOf(x.storage);
  const fold = foldFor(op, outDtype);
  const out = new Float64Array(bases.length);
  if (rows.length * len === 0 && (op === 'argmax' || op === 'argmin')) return fromF64(out, outDtype);
  for (let i = 0; i < bases.length; i++) out[i] = fold(data, bases[i], rows, len, st);
  return fromF64(out, outDtype);
}
