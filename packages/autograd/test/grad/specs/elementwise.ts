import fc from 'fast-check';
import type { Tensor } from '@prior/tensor';
import * as A from '../../../src/index.js';
import { arbBools, arbBroadcastPair, arbDerived, arbGrid, arbInput, arbNonZero, arbShape, arbValues, size } from '../../support/arbitraries.js';
import type { GradCase, GradSpec } from '../../support/grad-spec.js';

interface Domain {
  min?: number;
  max?: number;
  avoid?: number[];
  /** Draw from the grid k/4 + grid instead (keeps two inputs from tying). */
  grid?: number;
}

function unary(op: string, fn: (x: Tensor) => Tensor, d: Domain = {}): GradSpec {
  return { op, arb: arbShape().chain((s) => arbInput(s, d.min ?? -2, d.max ?? 2, d.avoid)).map((x): GradCase => ({ inputs: [x], fn })) };
}

/** Tensor-tensor on broadcasting shapes, or tensor-scalar / scalar-tensor. */
function binary(op: string, fn: (a: Tensor | number, b: Tensor | number) => Tensor, da: Domain = {}, db: Domain = {}, bNonZero = false): GradSpec {
  const vals = (n: number, d: Domain) => (d.grid !== undefined ? arbGrid(n, d.grid) : arbValues(n, d.min ?? -2, d.max ?? 2, d.avoid));
  const valsB = (n: number) => (bNonZero ? arbNonZero(n) : vals(n, db));
  const arbA = (shape: number[]) => vals(size(shape), da).map((values) => ({ shape, values }));
  const arb = fc.oneof(
    { weight: 3, arbitrary: arbBroadcastPair().chain(([sa, sb]) => fc.tuple(arbA(sa), valsB(size(sb)).map((values) => ({ shape: sb, values })))).map(([a, b]): GradCase => ({ inputs: [a, b], fn: (x, y) => fn(x, y), label: 'tensor, tensor' })) },
    { weight: 1, arbitrary: arbShape().chain((s) => fc.tuple(arbA(s), valsB(1))).map(([a, [c]]): GradCase => ({ inputs: [a], fn: (x) => fn(x, c), label: `tensor, ${c}` })) },
    { weight: 1, arbitrary: arbShape().chain((s) => fc.tuple(vals(1, da), valsB(size(s)).map((values) => ({ shape: s, values })))).map(([[c], b]): GradCase => ({ inputs: [b], fn: (y) => fn(c, y), label: `${c}, tensor` })) },
  );
  return { op, arb };
}

export const specs: GradSpec[] = [
  unary('neg', A.neg),
  unary('abs', A.abs, { avoid: [0] }),
  unary('sign', A.sign, { avoid: [0] }),
  unary('square', A.square),
  unary('relu', A.relu, { avoid: [0] }),
  unary('exp', A.exp),
  unary('log', A.log, { min: 0.1, max: 4 }),
  unary('log1p', A.log1p, { min: -0.8, max: 3 }),
  unary('sqrt', A.sqrt, { min: 0.1, max: 4 }),
  unary('rsqrt', A.rsqrt, { min: 0.2, max: 4 }),
  unary('sin', A.sin),
  unary('cos', A.cos),
  unary('tanh', A.tanh),
  unary('sigmoid', A.sigmoid),
  unary('gelu', A.gelu, { min: -4, max: 4 }),
  unary('erf', A.erf),
  unary('clone', (x) => A.mul(A.clone(x), 3)),
  unary('cast', (x) => A.mul(A.cast(x, 'float64'), 2)),
  binary('add', A.add),
  binary('sub', A.sub),
  binary('mul', A.mul),
  binary('div', A.div, {}, {}, true),
  binary('pow', A.pow, { min: 0.3, max: 2.5 }, { min: -2, max: 2 }),
  binary('maximum', A.maximum, { grid: 0.1 }, { grid: 0.2 }),
  binary('minimum', A.minimum, { grid: 0.1 }, { grid: 0.2 }),
  {
    op: 'where',
    arb: arbShape()
      .chain((full) => fc.tuple(arbDerived(full), arbDerived(full), arbDerived(full), fc.nat(2)).map(([c, a, b, k]) => [c, a, b].map((s, i) => (i === k ? full : s))))
      .chain(([c, a, b]) => fc.tuple(arbBools(c), arbInput(a), arbInput(b)))
      .map(([c, a, b]): GradCase => ({ inputs: [c, a, b], fn: (cond, x, y) => A.where(cond, x, y) })),
  },
  {
    op: 'clamp',
    arb: arbShape()
      .chain((s) => fc.tuple(arbInput(s, -2, 2, [-1, 1]), fc.constantFrom('both', 'min', 'max', 'tensors')))
      .map(([x, which]): GradCase => {
        if (which === 'tensors') {
          // Tensor bounds (rank 0) also receive gradients where they bind.
          return { inputs: [x, { shape: [], values: [-1] }, { shape: [], values: [1] }], fn: (t, lo, hi) => A.clamp(t, lo, hi), label: 'tensor bounds' };
        }
        return { inputs: [x], fn: (t) => A.clamp(t, which === 'max' ? null : -1, which === 'min' ? null : 1), label: which };
      }),
  },
  {
    op: 'maskedFill',
    arb: arbShape()
      .chain((full) => fc.tuple(arbInput(full), arbDerived(full).chain(arbBools), fc.boolean()))
      .map(([x, m, tensorValue]): GradCase =>
        tensorValue
          ? { inputs: [x, m, { shape: [], values: [0.7] }], fn: (t, mask, v) => A.maskedFill(t, mask, v), label: 'tensor value' }
          : { inputs: [x, m], fn: (t, mask) => A.maskedFill(t, mask, 0.5) },
      ),
  },
];
