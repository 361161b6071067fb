import fc from 'fast-check';
import { type SliceSpec, type Tensor, arange } from '@prior/tensor';
import * as A from '../../../src/index.js';
import { arbAxis, arbInput, arbShape, size } from '../../support/arbitraries.js';
import type { GradCase, GradSpec } from '../../support/grad-spec.js';

/** One input of a random shape (rank minRank..3) and a random op argument derived from the shape. */
function shaped<P>(op: string, minRank: number, param: (shape: number[]) => fc.Arbitrary<P>, fn: (x: Tensor, p: P) => Tensor): GradSpec {
  return {
    op,
    arb: arbShape(3, 4, minRank)
      .chain((s) => fc.tuple(arbInput(s), param(s)))
      .map(([x, p]): GradCase => ({ inputs: [x], fn: (t) => fn(t, p), label: JSON.stringify(p) })),
  };
}

const perm = (rank: number) => fc.shuffledSubarray([...Array(rank).keys()], { minLength: rank, maxLength: rank });
/** Weights the output by position so that a wrongly placed gradient shows. */
const weigh = (y: Tensor) => A.mul(y, A.reshape(arange(1, y.size + 1, 1, { dtype: y.dtype, device: y.backend }), y.shape));

const sliceSpec = (n: number): fc.Arbitrary<SliceSpec> =>
  fc.oneof(
    fc.constant(null),
    fc.tuple(fc.integer({ min: -n, max: n }), fc.integer({ min: -n, max: n + 1 }), fc.integer({ min: 1, max: 3 })).map(([a, b, s]) => [a, b, s] as const),
  );

export const specs: GradSpec[] = [
  shaped('reshape', 0, (s) => fc.constantFrom([size(s)], [...s].reverse(), [-1, 1]), (x, shape) => weigh(A.reshape(x, shape))),
  shaped('view', 0, (s) => fc.constantFrom([...s].reverse(), [1, size(s)]), (x, shape) => weigh(A.view(x, shape))),
  shaped('flatten', 0, (s) => fc.tuple(arbAxis(s.length), arbAxis(s.length)).map(([a, b]) => (s.length === 0 ? [0, -1] : [Math.min(a < 0 ? a + s.length : a, b < 0 ? b + s.length : b), Math.max(a < 0 ? a + s.length : a, b < 0 ? b + s.length : b)])), (x, [a, b]) => weigh(A.flatten(x, a, b))),
  shaped('permute', 0, (s) => perm(s.length), (x, p) => weigh(A.permute(x, p))),
  shaped('transpose', 1, (s) => fc.tuple(arbAxis(s.length), arbAxis(s.length)), (x, [a, b]) => weigh(A.transpose(x, a, b))),
  shaped('contiguous', 2, () => fc.constant(0), (x) => weigh(A.contiguous(A.transpose(x, 0, 1)))),
  ...(['expand', 'broadcastTo'] as const).map((op) =>
    shaped(op, 0, (s) => fc.tuple(fc.integer({ min: 0, max: 2 }), fc.array(fc.integer({ min: 2, max: 3 }), { minLength: s.length, maxLength: s.length })).map(([lead, grow]) => [...Array(lead).fill(2), ...s.map((d, i) => (d === 1 ? grow[i] : d))]), (x, shape) => weigh(A[op](x, shape))),
  ),
  shaped('squeeze', 0, (s) => fc.option(arbAxis(s.length), { nil: undefined }), (x, d) => weigh(A.squeeze(x, d))),
  shaped('unsqueeze', 0, (s) => arbAxis(s.length + 1), (x, d) => weigh(A.unsqueeze(x, d))),
  shaped('slice', 1, (s) => fc.tuple(...s.map(sliceSpec)), (x, specs) => weigh(A.slice(x, specs))),
  shaped('narrow', 1, (s) => arbAxis(s.length).chain((d) => {
    const n = s[d < 0 ? d + s.length : d];
    return fc.integer({ min: 0, max: n }).chain((len) => fc.integer({ min: 0, max: n - len }).map((start) => [d, start, len] as const));
  }), (x, [d, start, len]) => weigh(A.narrow(x, d, start, len))),
  shaped('select', 1, (s) => arbAxis(s.length).chain((d) => fc.integer({ min: -s[d < 0 ? d + s.length : d], max: s[d < 0 ? d + s.length : d] - 1 }).map((i) => [d, i] as const)), (x, [d, i]) => weigh(A.select(x, d, i))),
  shaped('flip', 1, (s) => fc.subarray([...s.keys()]), (x, dims) => weigh(A.flip(x, dims))),
  shaped('pad', 1, (s) => fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 2, maxLength: 2 * s.length }).map((p) => (p.length % 2 ? p.slice(1) : p)).filter((p) => p.every((v, i) => s[s.length - 1 - (i >> 1)] + Math.min(0, p[i & ~1]) + Math.min(0, p[i | 1]) >= 0)), (x, pads) => weigh(A.pad(x, pads, 0.5))),
  ...(['split', 'chunk'] as const).map((op) =>
    shaped(op, 1, (s) => fc.tuple(arbAxis(s.length), fc.integer({ min: 1, max: 3 })), (x, [d, k]) => {
      const pieces = op === 'split' ? A.split(x, k, d) : A.chunk(x, k, d);
      return A.concat(pieces.map((p, i) => A.mul(p, i + 1)), d);
    }),
  ),
  ...(['concat', 'cat', 'stack'] as const).map(
    (op): GradSpec => ({
      op,
      arb: fc
        .tuple(arbShape(3, 3, 1), fc.integer({ min: 2, max: 3 }), fc.nat())
        .chain(([s, k, pick]) => {
          const d = pick % s.length;
          // concat: sizes along d may differ; stack: equal shapes.
          const shapes = Array.from({ length: k }, (_, i) => (op === 'stack' ? s : s.map((n, j) => (j === d ? 1 + ((n + i) % 3) : n))));
          return fc.tuple(fc.tuple(...shapes.map((sh) => arbInput(sh))), fc.constant(op === 'stack' ? pick % (s.length + 1) : d));
        })
        .map(([inputs, d]): GradCase => ({ inputs, fn: (...xs) => weigh(A[op](xs, d)), label: `dim ${d}` })),
    }),
  ),
];
