import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MatchingError, assignmentCost, linearSumAssignment } from '../src/index.js';

/** Minimum total cost over every injective map from the smaller side to the larger, by enumeration. */
function bruteForce(cost: number[][]): number {
  const rows = cost.length;
  const cols = rows ? cost[0].length : 0;
  if (rows === 0 || cols === 0) return 0;
  const tall = rows > cols;
  const n = Math.min(rows, cols);
  const m = Math.max(rows, cols);
  const at = (i: number, j: number) => (tall ? cost[j][i] : cost[i][j]);
  const used = new Array<boolean>(m).fill(false);
  let best = Infinity;
  const go = (i: number, acc: number) => {
    if (i === n) {
      best = Math.min(best, acc);
      return;
    }
    for (let j = 0; j < m; j++) {
      if (used[j]) continue;
      used[j] = true;
      go(i + 1, acc + at(i, j));
      used[j] = false;
    }
  };
  go(0, 0);
  return best;
}

function expectValid(cost: number[][], a: { rowInd: number[]; colInd: number[] }): void {
  const rows = cost.length;
  const cols = rows ? cost[0].length : 0;
  expect(a.rowInd.length).toBe(Math.min(rows, cols));
  expect(a.colInd.length).toBe(a.rowInd.length);
  expect(new Set(a.rowInd).size).toBe(a.rowInd.length);
  expect(new Set(a.colInd).size).toBe(a.colInd.length);
  expect([...a.rowInd].sort((x, y) => x - y)).toEqual(a.rowInd);
  for (const r of a.rowInd) expect(r >= 0 && r < rows).toBe(true);
  for (const c of a.colInd) expect(c >= 0 && c < cols).toBe(true);
}

/** Matrices up to 6×6 (6! = 720 permutations), both orientations; a small value set makes ties common. */
const matrix = (values: fc.Arbitrary<number>) =>
  fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })).chain(([r, c]) => fc.array(fc.array(values, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));

describe('linearSumAssignment', () => {
  it('finds the optimum of random real matrices (any shape, 0-sized included)', () => {
    fc.assert(
      fc.property(matrix(fc.double({ min: -100, max: 100, noNaN: true })), (cost) => {
        const a = linearSumAssignment(cost);
        expectValid(cost, a);
        expect(assignmentCost(cost, a)).toBeCloseTo(bruteForce(cost), 8);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('finds an optimum when costs tie heavily', () => {
    fc.assert(
      fc.property(matrix(fc.integer({ min: 0, max: 2 })), (cost) => {
        const a = linearSumAssignment(cost);
        expectValid(cost, a);
        expect(assignmentCost(cost, a)).toBe(bruteForce(cost));
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('maximises on request', () => {
    fc.assert(
      fc.property(matrix(fc.integer({ min: -5, max: 5 })), (cost) => {
        const a = linearSumAssignment(cost, { maximize: true });
        expectValid(cost, a);
        expect(assignmentCost(cost, a)).toBe(-bruteForce(cost.map((r) => r.map((x) => -x))) || 0);
      }),
      { numRuns: 150, seed: 13 },
    );
  });

  it('matches scipy.optimize.linear_sum_assignment', () => {
    const fx = JSON.parse(readFileSync(new URL('./fixtures/hungarian.json', import.meta.url), 'utf8')) as {
      cases: { name: string; cost: (number | string)[][]; maximize: boolean; rowInd: number[]; colInd: number[]; total: number }[];
    };
    for (const c of fx.cases) {
      const cost = c.cost.map((r) => r.map((x) => (x === 'inf' ? Infinity : x === '-inf' ? -Infinity : (x as number))));
      const a = linearSumAssignment(cost, { maximize: c.maximize });
      expectValid(cost, a);
      expect(assignmentCost(cost, a), c.name).toBeCloseTo(c.total, 9);
      // Without ties the optimum is unique, so the pairs must be scipy's exactly.
      if (!c.name.includes('ties')) expect({ rowInd: a.rowInd, colInd: a.colInd }, c.name).toEqual({ rowInd: c.rowInd, colInd: c.colInd });
    }
  });

  it('accepts a flat row-major matrix', () => {
    const a = linearSumAssignment({ rows: 2, cols: 3, data: Float64Array.from([5, 1, 9, 2, 8, 7]) });
    expect(a).toEqual({ rowInd: [0, 1], colInd: [1, 0] });
  });

  it('solves a tall matrix by rows in ascending order', () => {
    const a = linearSumAssignment([[9, 9], [1, 9], [9, 9], [9, 1]]);
    expect(a).toEqual({ rowInd: [1, 3], colInd: [0, 1] });
  });

  it('avoids forbidden (+Infinity) pairs and reports infeasible matrices', () => {
    expect(linearSumAssignment([[Infinity, 1], [1, Infinity]])).toEqual({ rowInd: [0, 1], colInd: [1, 0] });
    expect(() => linearSumAssignment([[Infinity, Infinity], [1, 2]])).toThrow(/infeasible.*row 0/);
  });

  it('rejects NaN, -Infinity and ragged input', () => {
    expect(() => linearSumAssignment([[1, NaN]])).toThrow(MatchingError);
    expect(() => linearSumAssignment([[1, -Infinity]])).toThrow(/invalid cost -Infinity at \[0, 1\]/);
    expect(() => linearSumAssignment([[1, 2], [3]])).toThrow(/row 1 has 1 values/);
    expect(() => linearSumAssignment({ rows: 2, cols: 2, data: [1, 2, 3] })).toThrow(/needs 4 values/);
  });
});
