import { describe, expect, it } from 'vitest';
import { gradcheck } from '@prior/autograd';
import { ShapeError } from '@prior/tensor';
import { clipLoss } from '../../src/index.js';
import { f64, rnd, scalar } from '../support.js';

/** Plain-number CLIP loss, for comparison. */
function reference(a: number[][], b: number[][], logScale: number): number {
  const norm = (v: number[]) => v.map((x) => x / Math.hypot(...v));
  const an = a.map(norm);
  const bn = b.map(norm);
  const s = Math.exp(logScale);
  const logits = an.map((x) => bn.map((y) => s * x.reduce((acc, xi, k) => acc + xi * y[k], 0)));
  const ce = (rows: number[][]) => rows.reduce((acc, row, i) => acc + Math.log(row.reduce((t, z) => t + Math.exp(z), 0)) - row[i], 0) / rows.length;
  const cols = logits[0].map((_, j) => logits.map((row) => row[j]));
  return (ce(logits) + ce(cols)) / 2;
}

describe('clipLoss (L_glob)', () => {
  it('of perfectly aligned orthonormal pairs is log(1 + (B−1)·e^(−scale))', async () => {
    const scale = 2;
    const eye = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    // Scaling a vector does not change the loss: the inputs are normalised first.
    const b = eye.map((r) => r.map((x) => 3 * x));
    const loss = await scalar(clipLoss(f64(eye), f64(b), f64(Math.log(scale))));
    expect(loss).toBeCloseTo(Math.log(1 + 2 * Math.exp(-scale)), 12);
    // At PRIOR's initial scale (1/0.01) aligned pairs cost almost nothing.
    expect(await scalar(clipLoss(f64(eye), f64(b), f64(Math.log(100))))).toBeLessThan(1e-40);
  });

  it('matches a plain reference on random pairs, and swapping the sides keeps it', async () => {
    const a = [[0.3, -1.2, 0.5], [1.1, 0.2, -0.4], [-0.7, 0.9, 0.8], [0.1, 0.1, -1.5]];
    const b = [[0.5, -0.2, 1.5], [0.4, 1.2, -0.1], [-1.7, 0.3, 0.2], [0.9, -0.6, -0.5]];
    const want = reference(a, b, 1.3);
    expect(await scalar(clipLoss(f64(a), f64(b), f64([1.3])))).toBeCloseTo(want, 12);
    expect(await scalar(clipLoss(f64(b), f64(a), f64([1.3])))).toBeCloseTo(want, 12);
  });

  it('passes gradcheck for both embeddings and the log-scale', async () => {
    await gradcheck((a, b, t) => clipLoss(a, b, t), [rnd([4, 3], 1), rnd([4, 3], 2), f64(0.7)]);
  });

  it('rejects mismatched shapes', () => {
    expect(() => clipLoss(rnd([4, 3], 1), rnd([3, 3], 2), f64(0))).toThrow(ShapeError);
    expect(() => clipLoss(rnd([4, 3], 1), rnd([4, 3], 2), f64([0, 1]))).toThrow(/logScale must be a one-element tensor/);
  });
});
