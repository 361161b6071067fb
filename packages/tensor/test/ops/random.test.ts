import { describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';
import { targets } from '../support/compare.js';

async function stats(t: T.Tensor): Promise<{ mean: number; variance: number }> {
  const d = await t.data();
  let s = 0;
  for (const v of d) s += v;
  const mean = s / d.length;
  let v2 = 0;
  for (const v of d) v2 += (v - mean) ** 2;
  return { mean, variance: v2 / d.length };
}

describe('seeded random numbers', () => {
  for (const { name, backend } of targets) {
    it(`${name}: same seed and shape give the cpu stream`, async () => {
      for (const [fn, tol] of [[T.rand, 0], [T.randn, 1e-5]] as const) {
        const a = fn([3, 37], { generator: new T.Generator(42), device: backend });
        const b = fn([3, 37], { generator: new T.Generator(42), device: 'cpu', dtype: 'float64' });
        const da = await a.data();
        const db = await b.data();
        for (let i = 0; i < db.length; i++) expect(Math.abs(da[i] - db[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(db[i])));
        a.dispose();
        b.dispose();
      }
      const ia = T.randint(-5, 1000, [500], { generator: new T.Generator(7), device: backend });
      const ib = T.randint(-5, 1000, [500], { generator: new T.Generator(7), device: 'cpu' });
      expect(Array.from(await ia.data())).toEqual(Array.from(await ib.data()));
      const p = T.bernoulli(0.3, [400], { generator: new T.Generator(9), device: backend });
      const q = T.bernoulli(0.3, [400], { generator: new T.Generator(9), device: 'cpu' });
      expect(Array.from(await p.data())).toEqual(Array.from(await q.data()));
    });

    it(`${name}: different seeds and successive draws differ`, async () => {
      const g = new T.Generator(1);
      const a = await T.rand([64], { generator: g, device: backend }).data();
      const b = await T.rand([64], { generator: g, device: backend }).data();
      const c = await T.rand([64], { generator: new T.Generator(2), device: backend }).data();
      expect(Array.from(a)).not.toEqual(Array.from(b));
      expect(Array.from(a)).not.toEqual(Array.from(c));
    });

    it(`${name}: uniform and normal moments within statistical bounds`, async () => {
      const n = 200_000;
      const u = await stats(T.rand([n], { generator: new T.Generator(3), device: backend }));
      // Uniform: mean 1/2, variance 1/12; 6 standard errors.
      expect(Math.abs(u.mean - 0.5)).toBeLessThan(6 * Math.sqrt(1 / 12 / n));
      expect(Math.abs(u.variance - 1 / 12)).toBeLessThan(6 * Math.sqrt(1 / 180 / n));
      const z = await stats(T.randn([n], { generator: new T.Generator(4), device: backend }));
      expect(Math.abs(z.mean)).toBeLessThan(6 / Math.sqrt(n));
      expect(Math.abs(z.variance - 1)).toBeLessThan(6 * Math.sqrt(2 / n));
      const r = Array.from(await T.randint(0, 10, [n], { generator: new T.Generator(5), device: backend }).data());
      expect(r.reduce((a, b) => Math.min(a, b))).toBe(0);
      expect(r.reduce((a, b) => Math.max(a, b))).toBe(9);
    });
  }
});
