import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';
import { agree, arbInput, arbShape, forAllBackends } from '../support/compare.js';

/** A shape of rank ≥ 1 with a last axis of 1..maxLast, an input over it, a correction and keepdim. */
const arbRows = (maxLast: number, lo = -3, hi = 3, corrections = [0, 1, 2]) =>
  fc
    .tuple(arbShape(3, 4, 0), fc.integer({ min: 1, max: maxLast }))
    .map(([lead, last]) => [...lead.map((d) => Math.max(d, 1)), last])
    .chain((s) => fc.record({ x: arbInput(s, lo, hi), correction: fc.constantFrom(...corrections), keepdim: fc.boolean() }));

describe('varMean and last-axis variance', () => {
  // Corrections that leave N − correction > 0 (N ≥ 2): with none left, float32 may square tiny
  // deviations to 0 and give NaN where float64 gives inf (the next test covers that case).
  it('agree with the float64 oracle over the last axis and over other axes', async () => {
    await forAllBackends(arbRows(70, -3, 3, [0, 1]), async (be, { x, correction, keepdim }) => {
      const len = x.shape[x.shape.length - 1];
      await agree(be, [x], (t) => T.varMean(t, -1, { correction, keepdim }), { reduceLen: len });
      await agree(be, [x], (t) => T.variance(t, -1, { correction, keepdim }), { reduceLen: len });
      await agree(be, [x], (t) => T.varMean(t, 0, { correction, keepdim }), { reduceLen: x.shape[0] });
      await agree(be, [x], (t) => T.varMean(t), { reduceLen: x.values.length });
    });
  });

  it('equal mean and Σ(x − mean)² / (N − correction) composed from sums, on each backend', async () => {
    await forAllBackends(arbRows(300, 50, 52), async (be, { x, correction }) => {
      const t = T.tensor(x.values, { shape: x.shape, device: be });
      const n = x.shape[x.shape.length - 1];
      const [v, m] = T.varMean(t, -1, { correction });
      const mRef = T.div(T.sum(t, -1, { keepdim: true }), n);
      const vRef = T.div(T.sum(T.square(T.sub(t, mRef)), -1), Math.max(0, n - correction));
      const [gv, gm, wv, wm] = await Promise.all([v, m, vRef, mRef].map(async (r) => Array.from(await r.data())));
      for (let i = 0; i < gm.length; i++) {
        expect(Math.abs(gm[i] - wm[i])).toBeLessThanOrEqual(1e-5 * Math.abs(wm[i]));
        if (Number.isFinite(wv[i])) expect(Math.abs(gv[i] - wv[i])).toBeLessThanOrEqual(2e-4 * Math.sqrt(n) * wv[i] + 1e-6);
        else expect(gv[i]).toBe(wv[i]); // N − correction ≤ 0: ±inf or NaN alike
      }
      for (const r of [t, v, m, mRef, vRef]) r.dispose();
    });
  });

  it("over a batch norm's axes (0, 2, 3), leading axes combined over the rows' moments, agrees with the oracle", async () => {
    const arb = arbShape(4, 5, 1)
      .filter((s) => s.length === 4)
      .chain((s) => fc.record({ x: arbInput(s, -3, 3), correction: fc.constantFrom(0, 1), keepdim: fc.boolean() }));
    await forAllBackends(arb, async (be, { x, correction, keepdim }) => {
      const [n, , h, w] = x.shape;
      await agree(be, [x], (t) => T.varMean(t, [0, 2, 3], { correction, keepdim }), { reduceLen: n * h * w });
      await agree(be, [x], (t) => T.variance(t, [1, 3], { correction, keepdim }), { reduceLen: x.shape[1] * w });
    });
  });

  it('gives NaN variance and a ±inf mean for a channel holding inf, over (0, 2) as torch.var_mean', async () => {
    await forAllBackends(fc.constant(null), async (be) => {
      // [2, 2, 2]: channel 0 holds +inf in batch 1; channel 1 is finite: values 1, 3, 5, 7.
      const x = T.tensor([[[1, 2], [1, 3]], [[Infinity, 0], [5, 7]]], { device: be });
      const [v, m] = T.varMean(x, [0, 2], { correction: 0 });
      const [vs, ms] = [Array.from(await v.data()), Array.from(await m.data())];
      expect(vs[0]).toBeNaN();
      expect(ms[0]).toBe(Infinity);
      expect(ms[1]).toBeCloseTo(4, 6);
      expect(vs[1]).toBeCloseTo(5, 5); // deviations −3, −1, 1, 3
      for (const t of [x, v, m]) t.dispose();
    });
  });

  it('matches torch.var_mean on hand values, and int input is promoted to float32', async () => {
    await forAllBackends(fc.constant(null), async (be) => {
      const x = T.tensor([[1, 2, 3, 4], [2, 2, 2, 2]], { device: be });
      const [v, m] = T.varMean(x, 1, { keepdim: true });
      expect(v.shape).toEqual([2, 1]);
      const vs = Array.from(await v.data());
      expect(vs[0]).toBeCloseTo(5 / 3, 6);
      expect(vs[1]).toBe(0);
      expect(Array.from(await m.data())).toEqual([2.5, 2]);
      const xi = T.tensor([[1, 3]], { device: be, dtype: 'int32' });
      const [vi, mi] = T.varMean(xi, -1, { correction: 0 });
      expect([vi.dtype, Array.from(await vi.data()), Array.from(await mi.data())]).toEqual(['float32', [1], [2]]);
      const one = T.tensor([[5]], { device: be });
      expect(Array.from(await T.variance(one, -1).data())[0]).toBeNaN(); // 0 / 0 with N − 1 = 0
      for (const t of [x, v, m, xi, vi, mi, one]) t.dispose();
    });
  });
});

describe('softmax over the last axis (one backend call) and other axes', () => {
  it('agrees with the oracle for rows around the vec4 chunk, strided layouts included', async () => {
    const arb = arbRows(9, -30, 30).chain((r) => fc.integer({ min: -r.x.shape.length, max: r.x.shape.length - 1 }).map((axis) => ({ ...r, axis })));
    await forAllBackends(arb, async (be, { x, axis }) => {
      await agree(be, [x], (t) => T.softmax(t, axis), { atol: 1e-6 });
    });
  });

  it('rows sum to 1; rows of -inf or with NaN/+inf are NaN (PyTorch)', async () => {
    await forAllBackends(fc.constant(null), async (be) => {
      const I = Infinity;
      const x = T.tensor([[-I, -I, -I, -I, -I], [I, 1, 2, 3, 4], [1, NaN, 2, 3, 4], [-I, 0, 0, 0, -I]], { device: be });
      const y = Array.from(await T.softmax(x, 1).data());
      for (const v of y.slice(0, 15)) expect(v).toBeNaN();
      expect(y.slice(15)).toEqual([0, 1 / 3, 1 / 3, 1 / 3, 0].map(Math.fround));
      const s = T.softmax(T.tensor(3, { device: be }));
      expect([s.shape, Array.from(await s.data())]).toEqual([[], [1]]);
      x.dispose();
      s.dispose();
    });
  });
});
