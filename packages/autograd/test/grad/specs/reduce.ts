import fc from 'fast-check';
import type { Tensor } from '@prior/tensor';
import * as A from '../../../src/index.js';
import { arbAxes, arbAxis, arbInput, arbNonZero, arbShape, size } from '../../support/arbitraries.js';
import type { GradCase, GradSpec } from '../../support/grad-spec.js';

type Reduce = (x: Tensor, axes: number[] | undefined, keepdim: boolean) => Tensor;

/** Random shape (rank 0..3), random axes (or all), keepdim either way. */
function reduction(op: string, f: Reduce, values: (shape: number[]) => fc.Arbitrary<number[]> = (s) => arbInput(s).map((i) => i.values)): GradSpec {
  return {
    op,
    arb: arbShape()
      .chain((s) => fc.tuple(fc.constant(s), values(s), arbAxes(s.length), fc.boolean()))
      .map(([shape, vals, axes, keepdim]): GradCase => ({ inputs: [{ shape, values: vals }], fn: (x) => f(x, axes, keepdim), label: `axes ${JSON.stringify(axes)}, keepdim ${keepdim}` })),
  };
}

/** Distinct values (a shuffled ramp plus noise) so maxima are unique and well separated. */
const distinct = (shape: number[]) =>
  fc.shuffledSubarray([...Array(size(shape)).keys()], { minLength: size(shape), maxLength: size(shape) }).map((perm) => perm.map((k) => k * 0.3 - 1 + 0.01 * Math.sin(k)));

export const specs: GradSpec[] = [
  reduction('sum', (x, a, k) => A.sum(x, a, { keepdim: k })),
  reduction('mean', (x, a, k) => A.mean(x, a, { keepdim: k })),
  reduction('prod', (x, a, k) => A.prod(x, a, { keepdim: k }), (s) => arbNonZero(size(s), 0.5, 1.5)),
  reduction('max', (x, a, k) => A.max(x, a, { keepdim: k }), distinct),
  reduction('min', (x, a, k) => A.min(x, a, { keepdim: k }), distinct),
  reduction('logsumexp', (x, a, k) => A.logsumexp(x, a, { keepdim: k })),
  {
    op: 'variance',
    arb: arbShape(3, 4, 1)
      .chain((s) => fc.tuple(arbInput(s), arbAxes(s.length), fc.boolean(), fc.constantFrom(0, 1)))
      .map(([x, axes, keepdim, c]): GradCase => {
        const n = (axes ?? x.shape.map((_, i) => i)).reduce((acc, a) => acc * x.shape[a < 0 ? a + x.shape.length : a], 1);
        const correction = n > 1 ? c : 0;
        return { inputs: [x], fn: (t) => A.variance(t, axes, { keepdim, correction }), label: `axes ${JSON.stringify(axes)}, correction ${correction}` };
      }),
  },
  ...(['softmax', 'logSoftmax'] as const).map(
    (op): GradSpec => ({
      op,
      arb: arbShape()
        .chain((s) => fc.tuple(arbInput(s, -3, 3), arbAxis(s.length)))
        .map(([x, axis]): GradCase => ({ inputs: [x], fn: (t) => A[op](t, axis), label: `axis ${axis}` })),
    }),
  ),
];
