import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as T from '../../src/index.js';
import { agree, arbInput, arbShape, forAllBackends } from '../support/compare.js';

type U = (x: T.Tensor) => T.Tensor;
/** [op, value range, points to keep away from (kinks / poles)] */
const cases: [string, U, number, number, number[]][] = [
  ['neg', T.neg, -5, 5, []],
  ['abs', T.abs, -5, 5, []],
  ['sign', T.sign, -5, 5, [0]],
  ['square', T.square, -5, 5, []],
  ['relu', T.relu, -5, 5, []],
  ['exp', T.exp, -10, 10, []],
  ['log', T.log, 1e-3, 100, []],
  ['log1p', T.log1p, -0.9, 100, []],
  ['sqrt', T.sqrt, 0, 100, []],
  ['rsqrt', T.rsqrt, 1e-2, 100, []],
  ['sin', T.sin, -6, 6, []],
  ['cos', T.cos, -6, 6, []],
  ['tanh', T.tanh, -8, 8, []],
  ['sigmoid', T.sigmoid, -30, 30, []],
  ['gelu', T.gelu, -6, 6, []],
  ['erf', T.erf, -4, 4, []],
  ['isnan', T.isnan, -4, 4, []],
  ['logicalNot', T.logicalNot, -1, 1, [0]],
  ['clamp', (x) => T.clamp(x, -0.5, 1.25), -3, 3, [-0.5, 1.25]],
  ['cast int32', (x) => T.cast(x, 'int32'), -50, 50, [-1, 0, 1]],
  ['cast bool', (x) => T.cast(x, 'bool'), -2, 2, [0]],
];

describe('unary ops agree with the float64 oracle', () => {
  for (const [name, op, lo, hi, avoid] of cases) {
    it(name, async () => {
      const arb = arbShape(4, 6).chain((s) => arbInput(s, lo, hi, avoid));
      await forAllBackends(arb, (be, x) => agree(be, [x], op, { atol: 1e-5, rtol: 2e-5 }));
    });
  }

  it('int32 inputs: neg/abs/square keep int32, exp computes in float', async () => {
    const arb = arbShape(3, 5).chain((s) => arbInput(s, -20, 20)).map((x) => ({ ...x, values: x.values.map(Math.round), dtype: 'int32' as const }));
    await forAllBackends(arb, async (be, x) => {
      for (const op of [T.neg, T.abs, T.square, T.sign, T.relu]) await agree(be, [x], op);
      await agree(be, [{ ...x, values: x.values.map((v) => v % 5) }], T.exp, { rtol: 1e-5 });
    });
  });

  it('handles special values: ±inf, NaN and -0', async () => {
    const values = [Infinity, -Infinity, NaN, -0, 0, 1e-30, -1e30];
    await forAllBackends(fc.constant(null), async (be) => {
      for (const op of [T.neg, T.abs, T.exp, T.tanh, T.sigmoid, T.relu, T.isnan, T.erf, T.sign]) {
        await agree(be, [{ shape: [values.length], values }], op);
      }
    });
  });
});
