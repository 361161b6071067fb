import { MetricInputError } from '../errors.js';

/** Numbers the metrics accept: plain arrays or typed arrays (tensor `data()` results). */
export type Numbers = ArrayLike<number>;

export function sameLength(metric: string, a: Numbers, aName: string, b: Numbers, bName: string): void {
  if (a.length !== b.length) throw new MetricInputError(metric, bName, `as long as ${aName} (${a.length})`, `length ${b.length}`);
}

export function nonEmpty(metric: string, a: Numbers | readonly unknown[], name: string): void {
  if (a.length === 0) throw new MetricInputError(metric, name, 'non-empty', 'an empty array');
}

/** Binary labels must be exactly 0 or 1: a stray 2 or NaN is a data bug, not a negative. */
export function binaryLabels(metric: string, labels: Numbers, name: string): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v !== 0 && v !== 1) throw new MetricInputError(metric, `${name}[${i}]`, '0 or 1', String(v));
  }
}

export function finiteScores(metric: string, scores: Numbers, name: string): void {
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) throw new MetricInputError(metric, `${name}[${i}]`, 'a finite number', String(scores[i]));
  }
}

/** Class labels are integers (any sign); floats like 0.5 are rejected rather than compared exactly. */
export function integerLabels(metric: string, labels: Numbers, name: string): void {
  for (let i = 0; i < labels.length; i++) {
    if (!Number.isInteger(labels[i])) throw new MetricInputError(metric, `${name}[${i}]`, 'an integer class label', String(labels[i]));
  }
}

/** A [N][C] matrix given as rows: every row as long as the first. */
export function rectangular(metric: string, rows: readonly Numbers[], name: string): number {
  const cols = rows.length ? rows[0].length : 0;
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new MetricInputError(metric, `${name}[${i}]`, `a row of length ${cols}`, `length ${r.length}`);
  });
  return cols;
}

/** Splits a row-major flat array (a tensor's `data()`) into `cols`-long rows (views for typed arrays). */
export function rowsOf(data: Numbers, cols: number): Numbers[] {
  if (!Number.isInteger(cols) || cols <= 0 || data.length % cols !== 0) {
    throw new MetricInputError('rowsOf', 'cols', `a positive divisor of the data length (${data.length})`, String(cols));
  }
  const rows: Numbers[] = [];
  for (let i = 0; i < data.length; i += cols) {
    rows.push(ArrayBuffer.isView(data) ? (data as Float64Array).subarray(i, i + cols) : Array.prototype.slice.call(data, i, i + cols));
  }
  return rows;
}
