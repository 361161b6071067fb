import { describe, expect, it } from 'vitest';
import * as A from '@prior/autograd';
import { gradcheck } from '@prior/autograd';
import { type Tensor } from '@prior/tensor';
import { localCrossAttention, sentenceInfoNCE, simsiamLoss } from '../../src/index.js';
import { f64, maxDiff, rnd, scalar, values } from '../support.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('localCrossAttention (LAM)', () => {
  const B = 2, S = 3, R = 4, D = 2;
  const inputs = (seed: number) => ({
    textQuery: rnd([B, S, D], seed),
    textKey: rnd([B, S, D], seed + 1),
    textValue: rnd([B, S, D], seed + 2),
    imageQuery: rnd([B, R, D], seed + 3),
    imageKey: rnd([B, R, D], seed + 4),
    imageValue: rnd([B, R, D], seed + 5),
  });

  it('is sigmoid(q·kᵀ/√D) both ways, with padded sentences given zero attention', async () => {
    const x = inputs(10);
    const counts = [3, 1];
    const out = localCrossAttention(x, counts);
    const v = Object.fromEntries(await Promise.all(Object.entries(x).map(async ([k, t]) => [k, await values(t)]))) as Record<string, number[]>;
    const at = (arr: number[], n: number, b: number, i: number, d: number) => arr[(b * n + i) * D + d];
    const dot = (p: number[], pn: number, k: number[], kn: number, b: number, i: number, j: number) =>
      Array.from({ length: D }, (_, d) => at(p, pn, b, i, d) * at(k, kn, b, j, d)).reduce((s, y) => s + y, 0);
    const wantAt: number[] = [];
    const wantCt: number[] = [];
    const wantAi: number[] = [];
    const wantCi: number[] = [];
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < S; s++) {
        const row = Array.from({ length: R }, (_, r) => (s < counts[b] ? sigmoid(dot(v.textQuery, S, v.imageKey, R, b, s, r) / Math.sqrt(D)) : 0));
        wantAt.push(...row);
        for (let d = 0; d < D; d++) wantCt.push(row.reduce((acc, w, r) => acc + w * at(v.imageValue, R, b, r, d), 0));
      }
      for (let r = 0; r < R; r++) {
        const row = Array.from({ length: S }, (_, s) => (s < counts[b] ? sigmoid(dot(v.imageQuery, R, v.textKey, S, b, r, s) / Math.sqrt(D)) : 0));
        wantAi.push(...row);
        for (let d = 0; d < D; d++) wantCi.push(row.reduce((acc, w, s) => acc + w * at(v.textValue, S, b, s, d), 0));
      }
    }
    expect(out.textAttention.shape).toEqual([B, S, R]);
    expect(out.imageAttention.shape).toEqual([B, R, S]);
    expect(maxDiff(await values(out.textAttention), wantAt)).toBeLessThan(1e-12);
    expect(maxDiff(await values(out.textContext), wantCt)).toBeLessThan(1e-12);
    expect(maxDiff(await values(out.imageAttention), wantAi)).toBeLessThan(1e-12);
    expect(maxDiff(await values(out.imageContext), wantCi)).toBeLessThan(1e-12);
  });

  it('passes gradcheck for all six projections; padded sentences get no gradient', async () => {
    const x = inputs(20);
    const keys = Object.keys(x) as (keyof typeof x)[];
    const w1 = rnd([B, S, D], 30);
    const w2 = rnd([B, R, D], 31);
    const f = (...ts: Tensor[]) => {
      const o = localCrossAttention(Object.fromEntries(keys.map((k, i) => [k, ts[i]])) as typeof x, [2, 3]);
      return A.add(A.sum(A.mul(o.textContext, w1)), A.sum(A.mul(o.imageContext, w2)));
    };
    await gradcheck(f, keys.map((k) => x[k]));
    const grads = A.grad(f, { argnums: [0, 1, 2] })(...keys.map((k) => x[k])) as Tensor[];
    for (const g of grads) {
      const gv = await values(g);
      // Report 0 has 2 real sentences: slot 2 of report 0 is padding.
      expect(gv.slice(2 * D, 3 * D)).toEqual([0, 0]);
    }
  });
});

describe('simsiamLoss (L_loc_img)', () => {
  const W = () => f64([[0.9, 0.2, -0.1], [0.1, 1.1, 0.3], [-0.2, 0.1, 0.8]]);
  const predictor = (w: Tensor) => (x: Tensor) => A.tanh(A.matmul(x, w));

  it('is −1 for identical vectors with an identity predictor', async () => {
    const a = rnd([2, 5, 3], 1);
    expect(await scalar(simsiamLoss(a, a, (x) => x))).toBeCloseTo(-1, 12);
    // Direction is all that counts: scaled copies are still identical for the cosine.
    expect(await scalar(simsiamLoss(a, A.mul(a, 4), (x) => x))).toBeCloseTo(-1, 12);
  });

  it('is +1 for opposite vectors and −½ mean of the two cosines in general', async () => {
    const a = rnd([4, 3], 2);
    expect(await scalar(simsiamLoss(a, A.neg(a), (x) => x))).toBeCloseTo(1, 12);
    const b = rnd([4, 3], 3);
    const cos = A.mean(A.cosineSimilarity(a, b, -1));
    expect(await scalar(simsiamLoss(a, b, (x) => x))).toBeCloseTo(-(await scalar(cos)), 12);
  });

  it('stops gradients at the targets: each side learns only through its prediction', async () => {
    const a = rnd([2, 3, 3], 4);
    const b = rnd([2, 3, 3], 5);
    const w = W();
    const [ga, gb] = A.grad((x: Tensor, y: Tensor) => simsiamLoss(x, y, predictor(w)), { argnums: [0, 1] })(a, b) as Tensor[];
    // The same loss with the targets as constants has the same gradients...
    const aConst = A.add(a, 0);
    const bConst = A.add(b, 0);
    const onlyA = A.grad((x: Tensor) => A.mul(A.mean(A.cosineSimilarity(predictor(w)(x), bConst, -1)), -0.5))(a) as Tensor;
    const onlyB = A.grad((y: Tensor) => A.mul(A.mean(A.cosineSimilarity(predictor(w)(y), aConst, -1)), -0.5))(b) as Tensor;
    expect(maxDiff(await values(ga), await values(onlyA))).toBeLessThan(1e-14);
    expect(maxDiff(await values(gb), await values(onlyB))).toBeLessThan(1e-14);
    // ...and differs from what flowing through the targets would give.
    const through = A.grad((x: Tensor) => A.mul(A.add(A.mean(A.cosineSimilarity(predictor(w)(x), b, -1)), A.mean(A.cosineSimilarity(predictor(w)(b), x, -1))), -0.5))(a) as Tensor;
    expect(maxDiff(await values(ga), await values(through))).toBeGreaterThan(1e-3);
  });

  it('passes gradcheck for the predictor weights', async () => {
    await gradcheck((a, b, w) => simsiamLoss(a, b, predictor(w)), [rnd([2, 3, 3], 6), rnd([2, 3, 3], 7), W()], { wrt: [2] });
  });
});

describe('sentenceInfoNCE (L_loc_txt)', () => {
  /** Report b's sentences are orthonormal; padded slots hold junk that must not matter. */
  const aligned = () => {
    const junk = [7, -3, 2, 5];
    const t = f64([
      [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]],
      [[0, 0, 0, 1], [1, 0, 0, 0], junk],
      [junk, junk, junk],
    ]);
    return t;
  };

  it('of perfectly aligned sentences is the mean over reports of log(1 + (n−1)·e^(−scale))', async () => {
    const t = aligned();
    const scale = 2;
    const loss = await scalar(sentenceInfoNCE(A.mul(t, 5), t, f64(Math.log(scale)), [3, 2, 0]));
    const want = (Math.log(1 + 2 * Math.exp(-scale)) + Math.log(1 + Math.exp(-scale))) / 2;
    expect(loss).toBeCloseTo(want, 12);
  });

  it('averages per report, then over reports', async () => {
    // One report: a single sentence costs nothing; the loss is the other report's.
    const t = aligned();
    const loss = await scalar(sentenceInfoNCE(t, t, f64(0), [3, 1, 0]));
    expect(loss).toBeCloseTo((Math.log(1 + 2 * Math.exp(-1)) + 0) / 2, 12);
  });

  it('matches a plain reference on random inputs', async () => {
    const c = rnd([2, 3, 2], 40);
    const t = rnd([2, 3, 2], 41);
    const counts = [3, 2];
    const cv = await values(c);
    const tv = await values(t);
    const vec = (v: number[], b: number, s: number) => {
      const x = [v[(b * 3 + s) * 2], v[(b * 3 + s) * 2 + 1]];
      const n = Math.hypot(...x);
      return x.map((y) => y / n);
    };
    let total = 0;
    for (let b = 0; b < 2; b++) {
      const n = counts[b];
      const logits = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 1.5 * (vec(cv, b, i)[0] * vec(tv, b, j)[0] + vec(cv, b, i)[1] * vec(tv, b, j)[1])));
      const ce = (rows: number[][]) => rows.reduce((acc, row, i) => acc + Math.log(row.reduce((s, z) => s + Math.exp(z), 0)) - row[i], 0) / n;
      total += (ce(logits) + ce(logits[0].map((_, j) => logits.map((r) => r[j])))) / 2;
    }
    expect(await scalar(sentenceInfoNCE(c, t, f64([Math.log(1.5)]), counts))).toBeCloseTo(total / 2, 12);
  });

  it('passes gradcheck; padded slots get no gradient', async () => {
    const c = rnd([2, 3, 3], 50);
    const t = rnd([2, 3, 3], 51);
    await gradcheck((x, y, s) => sentenceInfoNCE(x, y, s, [3, 2]), [c, t, f64(0.4)]);
    const [gc, gt] = A.grad((x: Tensor, y: Tensor) => sentenceInfoNCE(x, y, f64(0.4), [3, 2]), { argnums: [0, 1] })(c, t) as Tensor[];
    for (const g of [gc, gt]) expect((await values(g)).slice(15, 18)).toEqual([0, 0, 0]);
  });

  it('is 0 (not NaN) when no report has sentences', async () => {
    const t = rnd([2, 2, 3], 60);
    expect(await scalar(sentenceInfoNCE(t, t, f64(1), [0, 0]))).toBe(0);
  });

  it('names bad counts', () => {
    const t = rnd([2, 2, 3], 61);
    expect(() => sentenceInfoNCE(t, t, f64(1), [3, 1])).toThrow(/counts\[0\] must be an integer in \[0, 2\], got 3/);
    expect(() => sentenceInfoNCE(t, t, f64(1), [1])).toThrow(/one entry per report \(2\), got 1/);
  });
});
