import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as T from '../../src/index.js';
import { agree, arbBroadcastPair, arbLayout, arbValues, forAllBackends, type InputSpec } from '../support/compare.js';

type B = (a: T.Tensor, b: T.Tensor) => T.Tensor;

/** Broadcast pair inputs; `ints` draws small integers so comparisons see ties. */
function arbPair(lo: number, hi: number, ints = false, bAvoid: number[] = []): fc.Arbitrary<[InputSpec, InputSpec]> {
  return arbBroadcastPair(4, 5).chain(([sa, sb]) => {
    const n = (s: number[]) => s.reduce((x, y) => x * y, 1);
    const vals = (k: number, avoid: number[]) => (ints ? fc.array(fc.integer({ min: -3, max: 3 }), { minLength: k, maxLength: k }) : arbValues(k, lo, hi, avoid));
    return fc.tuple(vals(n(sa), []), vals(n(sb), bAvoid), arbLayout, arbLayout).map(([va, vb, la, lb]) => [
      { shape: sa, values: va, layout: la },
      { shape: sb, values: vb, layout: lb },
    ]);
  });
}

const cases: [string, B, fc.Arbitrary<[InputSpec, InputSpec]>][] = [
  ['add', T.add, arbPair(-5, 5)],
  ['sub', T.sub, arbPair(-5, 5)],
  ['mul', T.mul, arbPair(-5, 5)],
  ['div', T.div, arbPair(-5, 5, false, [0])],
  ['pow (positive base)', T.pow, arbPair(0.1, 4)],
  ['maximum', T.maximum, arbPair(-5, 5, true)],
  ['minimum', T.minimum, arbPair(-5, 5, true)],
  ['eq', T.eq, arbPair(0, 0, true)],
  ['ne', T.ne, arbPair(0, 0, true)],
  ['lt', T.lt, arbPair(0, 0, true)],
  ['le', T.le, arbPair(0, 0, true)],
  ['gt', T.gt, arbPair(0, 0, true)],
  ['ge', T.ge, arbPair(0, 0, true)],
  ['logicalAnd', T.logicalAnd, arbPair(0, 0, true)],
  ['logicalOr', T.logicalOr, arbPair(0, 0, true)],
];

describe('binary ops broadcast and agree with the float64 oracle', () => {
  for (const [name, op, arb] of cases) {
    it(name, async () => {
      await forAllBackends(arb, (be, [a, b]) => agree(be, [a, b], op, { rtol: 1e-5 }));
    });
  }

  it('pow with a negative base and integer exponents', async () => {
    await forAllBackends(fc.constant(null), (be) =>
      agree(be, [{ shape: [4], values: [-2, -3, -0.5, -1] }, { shape: [3, 1], values: [2, 3, -1] }], T.pow),
    );
  });

  it('int32 arithmetic stays int32 and where/maskedFill select', async () => {
    const arb = arbPair(0, 0, true);
    await forAllBackends(arb, async (be, [a, b]) => {
      const ia = { ...a, dtype: 'int32' as const };
      const ib = { ...b, dtype: 'int32' as const };
      for (const op of [T.add, T.sub, T.mul, T.maximum, T.minimum]) await agree(be, [ia, ib], op);
      await agree(be, [a, b], (x, y) => T.where(T.gt(x, 0), x, y));
      await agree(be, [a, b], (x, y) => T.maskedFill(x, T.lt(y, 0), -7));
    });
  });

  it('shiftScale is (x − shift)·scale + offset with broadcasting and scalars', async () => {
    const arb = arbPair(-3, 3);
    await forAllBackends(arb, async (be, [a, b]) => {
      await agree(be, [a, b], (x, y) => T.shiftScale(x, y, y, 0.25));
      await agree(be, [a, b], (x, y) => T.shiftScale(y, 1.5, x, x));
      // The same as the composed ops (on the reference backend both run in float64), with
      // each of shift, scale and offset alone varying along the rows, and two at once.
      const composed = (x: T.Tensor, s: T.TensorLike, c: T.TensorLike, o: T.TensorLike) => T.sub(T.shiftScale(x, s, c, o), T.add(T.mul(T.sub(x, s), c), o));
      await agree(be, [a, b], (x, y) => composed(x, y, -2, 0.5));
      await agree(be, [a, b], (x, y) => composed(x, 0.5, y, 3));
      await agree(be, [a, b], (x, y) => composed(x, 1, 2, y));
      await agree(be, [a, b], (x, y) => composed(x, y, -2, y));
    });
  });

  it('scalars on either side', async () => {
    const arb = arbPair(-3, 3);
    await forAllBackends(arb, async (be, [a]) => {
      await agree(be, [a], (x) => T.add(x, 2.5));
      await agree(be, [a], (x) => T.sub(1, x));
      await agree(be, [a], (x) => T.div(x, 4));
      await agree(be, [a], (x) => T.mul(x, 0.5));
    });
  });

  it('NaN propagates through maximum/minimum', async () => {
    await forAllBackends(fc.constant(null), (be) =>
      agree(be, [{ shape: [3], values: [NaN, 1, 2] }, { shape: [3], values: [0, NaN, 3] }], (x, y) => T.maximum(x, y)),
    );
  });
});
