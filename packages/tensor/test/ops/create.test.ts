import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';
import { forAllBackends, targets } from '../support/compare.js';

describe('creation ops give the same values on every backend', () => {
  it('full/zeros/ones/arange/linspace/eye', async () => {
    const arb = fc.record({ n: fc.integer({ min: 0, max: 40 }), m: fc.integer({ min: 1, max: 7 }), v: fc.double({ min: -5, max: 5, noNaN: true }) });
    await forAllBackends(arb, async (be, { n, m, v }) => {
      const pairs: [() => T.Tensor, () => T.Tensor][] = [
        [() => T.full([n, m], v, { device: be }), () => T.full([n, m], v, { device: 'cpu' })],
        [() => T.arange(n, undefined, 1, { device: be }), () => T.arange(n, undefined, 1, { device: 'cpu' })],
        [() => T.linspace(-v, v, n, { device: be }), () => T.linspace(-v, v, n, { device: 'cpu' })],
        [() => T.eye(m, n, { device: be }), () => T.eye(m, n, { device: 'cpu' })],
        [() => T.ones([m], { device: be, dtype: 'bool' }), () => T.ones([m], { device: 'cpu', dtype: 'bool' })],
      ];
      for (const [a, b] of pairs) {
        const x = a();
        const y = b();
        expect(x.shape).toEqual(y.shape);
        expect(x.dtype).toEqual(y.dtype);
        expect(Array.from(await x.data())).toEqual(Array.from(await y.data()));
        x.dispose();
        y.dispose();
      }
    });
  });

  for (const { name, backend } of targets) {
    it(`${name}: reads rank-0, empty and bool tensors`, async () => {
      expect(await T.tensor(2.5, { device: backend }).item()).toBe(2.5);
      expect(Array.from(await T.zeros([0, 4], { device: backend }).data())).toEqual([]);
      expect(await T.tensor([[true], [false]], { device: backend }).array()).toEqual([[true], [false]]);
      expect(Array.from(await T.tensor([-3, 7], { device: backend, dtype: 'int32' }).data())).toEqual([-3, 7]);
    });
  }
});
