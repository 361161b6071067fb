import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as T from '../../src/index.js';
import { agree, arbInput, arbShape, forAllBackends, type InputSpec } from '../support/compare.js';

/** A shape with a random subset of its axes to reduce. */
const arbReduce = (lo = -3, hi = 3, minDim = 1) =>
  arbShape(4, 6, 1)
    .map((s) => s.map((d) => Math.max(d, minDim)))
    .chain((s) =>
      fc.tuple(arbInput(s, lo, hi), fc.subarray([...s.keys()], { minLength: 1 }), fc.boolean()).map(([x, axes, keepdim]) => ({
        x,
        axes,
        keepdim,
        len: axes.reduce((a, i) => a * s[i], 1),
      })),
    );

type R = (x: T.Tensor, axes: number[], keepdim: boolean) => T.Tensor;
const cases: [string, R][] = [
  ['sum', (x, a, k) => T.sum(x, a, { keepdim: k })],
  ['mean', (x, a, k) => T.mean(x, a, { keepdim: k })],
  ['max', (x, a, k) => T.max(x, a, { keepdim: k })],
  ['min', (x, a, k) => T.min(x, a, { keepdim: k })],
  ['logsumexp', (x, a, k) => T.logsumexp(x, a, { keepdim: k })],
  ['var', (x, a, k) => T.variance(x, a, { keepdim: k })],
  ['var (correction 0)', (x, a, k) => T.variance(x, a, { keepdim: k, correction: 0 })],
];

describe('reductions agree with the float64 oracle', () => {
  for (const [name, op] of cases) {
    it(name, async () => {
      await forAllBackends(arbReduce(), (be, { x, axes, keepdim, len }) => agree(be, [x], (t) => op(t, axes, keepdim), { reduceLen: len }));
    });
  }

  it('prod', async () => {
    await forAllBackends(arbReduce(0.5, 1.5), (be, { x, axes, keepdim, len }) => agree(be, [x], (t) => T.prod(t, axes, { keepdim }), { reduceLen: len }));
  });

  it('argmax/argmin along one axis, ties pick the first index', async () => {
    const arb = arbReduce().chain((r) => fc.integer({ min: 0, max: r.x.shape.length - 1 }).map((axis) => ({ ...r, axis })));
    await forAllBackends(arb, async (be, { x, axis, keepdim }) => {
      const tied: InputSpec = { ...x, values: x.values.map((v) => Math.round(v)) };
      await agree(be, [tied], (t) => T.argmax(t, axis, { keepdim }));
      await agree(be, [tied], (t) => T.argmin(t, axis, { keepdim }));
      await agree(be, [tied], (t) => T.argmax(t));
    });
  });

  it('softmax and logSoftmax along any axis', async () => {
    const arb = arbReduce(-20, 20).chain((r) => fc.integer({ min: -r.x.shape.length, max: r.x.shape.length - 1 }).map((axis) => ({ ...r, axis })));
    await forAllBackends(arb, async (be, { x, axis }) => {
      await agree(be, [x], (t) => T.softmax(t, axis), { atol: 1e-6 });
      await agree(be, [x], (t) => T.logSoftmax(t, axis), { atol: 1e-5 });
    });
  });

  it('softmax with -inf entries and an all -inf row; NaN and ±inf in max/sum', async () => {
    await forAllBackends(fc.constant(null), async (be) => {
      const x: InputSpec = { shape: [3, 3], values: [0, -Infinity, 1, -Infinity, -Infinity, -Infinity, 1000, 999, -1000] };
      await agree(be, [x], (t) => T.softmax(t, 1));
      await agree(be, [x], (t) => T.logsumexp(t, 1));
      const y: InputSpec = { shape: [2, 3], values: [1, NaN, 2, -Infinity, 5, Infinity] };
      for (const op of [T.max, T.min, T.sum]) await agree(be, [y], (t) => op(t, 1));
      await agree(be, [y], (t) => T.argmax(t, 1));
    });
  });

  it('int32 and bool sums', async () => {
    const arb = arbReduce(-9, 9);
    await forAllBackends(arb, async (be, { x, axes }) => {
      await agree(be, [{ ...x, values: x.values.map(Math.round), dtype: 'int32' }], (t) => T.sum(t, axes));
      await agree(be, [{ ...x, values: x.values.map((v) => (v > 0 ? 1 : 0)), dtype: 'bool' }], (t) => T.sum(t, axes));
    });
  });

  it('reductions over empty axes and of empty tensors', async () => {
    await forAllBackends(fc.constant(null), async (be) => {
      await agree(be, [{ shape: [2, 0, 3], values: [] }], (t) => T.sum(t, 1));
      await agree(be, [{ shape: [2, 0, 3], values: [] }], (t) => T.mean(t, 2));
      await agree(be, [{ shape: [], values: [4] }], (t) => T.sum(t));
    });
  });
});
