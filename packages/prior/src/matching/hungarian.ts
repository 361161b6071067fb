/**
 * Minimum-cost assignment for a rectangular cost matrix (the Hungarian method in its
 * shortest-augmenting-path form, as Jonker–Volgenant and scipy's linear_sum_assignment):
 * rows are added one at a time, each by a Dijkstra-like search over reduced costs
 * c[i][j] − u[i] − v[j] kept non-negative by the dual potentials u, v. O(n²·m) for
 * n ≤ m; a taller matrix is solved transposed. +Infinity marks a forbidden pair.
 */
import { MatchingError } from '../errors.js';

/** A dense matrix in row-major order. */
export interface CostMatrix {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

export interface Assignment {
  /** Matched rows, ascending; min(rows, cols) of them. */
  rowInd: number[];
  /** colInd[k] is the column matched to rowInd[k]. */
  colInd: number[];
}

function toMatrix(cost: CostMatrix | readonly (readonly number[])[]): CostMatrix {
  if (!Array.isArray(cost)) {
    const m = cost as CostMatrix;
    if (!Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 0 || m.cols < 0 || m.data.length !== m.rows * m.cols) {
      throw new MatchingError(`linearSumAssignment: a ${m.rows}×${m.cols} matrix needs ${m.rows * m.cols} values, got ${m.data.length}`);
    }
    return m;
  }
  const rows = cost.length;
  const cols = rows ? cost[0].length : 0;
  const data = new Float64Array(rows * cols);
  cost.forEach((r, i) => {
    if (r.length !== cols) throw new MatchingError(`linearSumAssignment: row ${i} has ${r.length} values, row 0 has ${cols}`);
    data.set(r, i * cols);
  });
  return { rows, cols, data };
}

/** Solves n ≤ m on a flat n×m matrix; returns the column of each row. */
function solveWide(a: Float64Array, n: number, m: number): Int32Array {
  // 1-based arrays with a virtual column 0 where each new row enters the search.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j]: row matched to column j (0: none)
  const way = new Int32Array(m + 1); // previous column on the shortest path
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      const row = (i0 - 1) * m;
      let delta = Infinity;
      let j1 = -1;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = a[row + j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      if (j1 < 0) throw new MatchingError(`linearSumAssignment: cost matrix is infeasible (row ${i - 1} cannot be assigned at finite cost)`);
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    // Flip the matching along the path back to the virtual column.
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const colOfRow = new Int32Array(n);
  for (let j = 1; j <= m; j++) if (p[j] !== 0) colOfRow[p[j] - 1] = j - 1;
  return colOfRow;
}

/**
 * The assignment of rows to columns with the smallest total cost (largest with
 * `maximize`), each row and column used at most once, min(rows, cols) pairs; the same
 * contract as scipy.optimize.linear_sum_assignment. Accepts nested arrays or a flat
 * row-major matrix.
 */
export function linearSumAssignment(cost: CostMatrix | readonly (readonly number[])[], opts: { maximize?: boolean } = {}): Assignment {
  const { rows, cols, data } = toMatrix(cost);
  for (let k = 0; k < data.length; k++) {
    const x = data[k];
    if (Number.isNaN(x) || x === (opts.maximize ? Infinity : -Infinity)) {
      throw new MatchingError(`linearSumAssignment: invalid cost ${x} at [${Math.floor(k / cols)}, ${k % cols}]`);
    }
  }
  if (rows === 0 || cols === 0) return { rowInd: [], colInd: [] };
  const sign = opts.maximize ? -1 : 1;
  const transposed = rows > cols;
  const n = Math.min(rows, cols);
  const m = Math.max(rows, cols);
  const a = new Float64Array(n * m);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) a[transposed ? j * m + i : i * m + j] = sign * data[i * cols + j];
  }
  const match = solveWide(a, n, m);
  if (!transposed) return { rowInd: Array.from({ length: n }, (_, i) => i), colInd: Array.from(match) };
  // match[c] is the row of column c; report by ascending row.
  const pairs = Array.from(match, (r, c) => [r, c] as const).sort((x, y) => x[0] - y[0]);
  return { rowInd: pairs.map((q) => q[0]), colInd: pairs.map((q) => q[1]) };
}

/** Sum of the matched costs. */
export function assignmentCost(cost: CostMatrix | readonly (readonly number[])[], a: Assignment): number {
  const { cols, data } = toMatrix(cost);
  return a.rowInd.reduce((s, r, k) => s + data[r * cols + a.colInd[k]], 0);
}
