import fc from 'fast-check';
import { Generator, tensor } from '@prior/tensor';
import * as A from '../../../src/index.js';
import { arbAxis, arbBools, arbBroadcastPair, arbInput, arbInts, arbNonZero, arbShape, arbValues } from '../../support/arbitraries.js';
import type { GradCase, GradSpec } from '../../support/grad-spec.js';

const nonZero = (shape: number[]) => arbNonZero(shape.reduce((a, b) => a * b, 1)).map((values) => ({ shape, values }));

const crossEntropyCase = fc
  .record({
    layout: fc.constantFrom('NC', 'NCL', 'C'),
    n: fc.integer({ min: 1, max: 4 }),
    c: fc.integer({ min: 2, max: 5 }),
    l: fc.integer({ min: 1, max: 3 }),
    smoothing: fc.constantFrom(0, 0.1, 0.3),
    reduction: fc.constantFrom('mean', 'sum', 'none') as fc.Arbitrary<'mean' | 'sum' | 'none'>,
    ignoreIndex: fc.constantFrom(-100, 1),
  })
  .chain((r) => {
    const logits = r.layout === 'C' ? [r.c] : r.layout === 'NC' ? [r.n, r.c] : [r.n, r.c, r.l];
    const target = r.layout === 'C' ? [] : r.layout === 'NC' ? [r.n] : [r.n, r.l];
    // Targets: classes, with the ignore index mixed in; keep at least one real target.
    const t = arbInts(target, -1, r.c - 1).map((s) => ({ ...s, values: s.values.map((v, i) => (v < 0 && i > 0 ? r.ignoreIndex : Math.max(v, 0))) }));
    return fc.tuple(fc.constant(r), arbInput(logits, -3, 3), t);
  })
  .filter(([r, , t]) => t.values.some((v) => v !== r.ignoreIndex))
  .map(([r, z, t]): GradCase => ({
    inputs: [z, t],
    fn: (zt, tt) => A.crossEntropy(zt, tt, { ignoreIndex: r.ignoreIndex, labelSmoothing: r.smoothing, reduction: r.reduction }),
    label: JSON.stringify(r),
  }));

const attentionCase = fc
  .record({
    batch: fc.constantFrom([], [2], [2, 1]),
    l: fc.integer({ min: 1, max: 3 }),
    s: fc.integer({ min: 1, max: 4 }),
    e: fc.integer({ min: 1, max: 3 }),
    ev: fc.integer({ min: 1, max: 3 }),
    mask: fc.constantFrom('none', 'additive', 'bool', 'causal'),
  })
  .chain((a) => {
    const q = [...a.batch, a.l, a.e];
    const k = [...a.batch, a.s, a.e];
    const v = [...a.batch, a.s, a.ev];
    // Bool masks keep key 0 so no row is fully masked.
    const mask = a.mask === 'bool' ? arbBools([a.l, a.s]).map((m) => ({ ...m, values: m.values.map((x, i) => (i % a.s === 0 ? 1 : x)) })) : arbInput([a.l, a.s], -1, 1);
    return fc.tuple(fc.constant(a), arbInput(q), arbInput(k), arbInput(v), mask);
  })
  .map(([a, q, k, v, m]): GradCase => {
    const label = `${a.mask} mask, batch ${JSON.stringify(a.batch)}`;
    if (a.mask === 'none' || a.mask === 'causal') return { inputs: [q, k, v], fn: (qt, kt, vt) => A.scaledDotProductAttention(qt, kt, vt, { isCausal: a.mask === 'causal' }), label };
    return { inputs: [q, k, v, m], fn: (qt, kt, vt, mt) => A.scaledDotProductAttention(qt, kt, vt, { mask: mt }), label };
  });

export const specs: GradSpec[] = [
  { op: 'crossEntropy', arb: crossEntropyCase, runs: 16 },
  {
    op: 'layerNorm',
    arb: arbShape(3, 4, 1)
      .chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 1, max: s.length }), fc.boolean(), fc.boolean()))
      .chain(([s, k, w, b]) => fc.tuple(arbInput(s), arbInput(s.slice(s.length - k)), arbInput(s.slice(s.length - k)), fc.constant({ k, w, b })))
      .map(([x, w, b, o]): GradCase => {
        const ns = x.shape.slice(x.shape.length - o.k);
        if (o.w && o.b) return { inputs: [x, w, b], fn: (xt, wt, bt) => A.layerNorm(xt, ns, wt, bt), label: 'weight, bias' };
        if (o.w) return { inputs: [x, w], fn: (xt, wt) => A.layerNorm(xt, ns, wt), label: 'weight' };
        if (o.b) return { inputs: [x, b], fn: (xt, bt) => A.layerNorm(xt, ns, null, bt), label: 'bias' };
        return { inputs: [x], fn: (xt) => A.layerNorm(xt, ns) };
      }),
  },
  {
    op: 'batchNorm',
    arb: fc
      .record({ n: fc.integer({ min: 1, max: 3 }), c: fc.integer({ min: 1, max: 3 }), spatial: fc.constantFrom([], [2], [2, 3]), training: fc.boolean(), affine: fc.boolean() })
      .filter((r) => !r.training || r.n * r.spatial.reduce((a, b) => a * b, 1) > 1)
      .chain((r) => fc.tuple(fc.constant(r), arbInput([r.n, r.c, ...r.spatial]), arbInput([r.c]), arbInput([r.c]), arbValues(r.c, -1, 1), arbValues(r.c, 0.5, 2)))
      .map(([r, x, w, b, rm, rv]): GradCase => {
        const stats = () => ({ runningMean: tensor(rm, { dtype: 'float64', device: 'cpu' }), runningVar: tensor(rv, { dtype: 'float64', device: 'cpu' }) });
        const run = (xt: A.TensorLike, wt: A.TensorLike | null, bt: A.TensorLike | null) =>
          A.batchNorm(xt as never, { weight: wt as never, bias: bt as never, training: r.training, ...stats() }).output;
        const label = `${r.training ? 'training' : 'inference'}${r.affine ? ', affine' : ''}`;
        return r.affine ? { inputs: [x, w, b], fn: (xt, wt, bt) => run(xt, wt, bt), label } : { inputs: [x], fn: (xt) => run(xt, null, null), label };
      }),
  },
  {
    op: 'dropout',
    arb: arbShape()
      .chain((s) => fc.tuple(arbInput(s), fc.constantFrom(0, 0.2, 0.5, 1), fc.nat(1000)))
      // A fresh generator with the same seed per call: every evaluation draws the same mask.
      .map(([x, p, seed]): GradCase => ({ inputs: [x], fn: (t) => A.dropout(t, p, { generator: new Generator(seed) }), label: `p ${p}` })),
  },
  { op: 'scaledDotProductAttention', arb: attentionCase, runs: 16 },
  {
    op: 'cosineSimilarity',
    arb: arbBroadcastPair(3, 4)
      .filter(([a, b]) => Math.max(a.length, b.length) >= 1)
      // Entries in ±[0.5, 2]: norms stay far above the eps floor (a kink).
      .chain(([sa, sb]) => fc.tuple(nonZero(sa), nonZero(sb), arbAxis(Math.max(sa.length, sb.length))))
      .map(([a, b, d]): GradCase => ({ inputs: [a, b], fn: (x, y) => A.cosineSimilarity(x, y, d), label: `dim ${d}` })),
  },
  {
    op: 'l2Normalize',
    arb: arbShape(3, 4, 1)
      .chain((s) => fc.tuple(nonZero(s), arbAxis(s.length)))
      .map(([x, d]): GradCase => ({ inputs: [x], fn: (t) => A.l2Normalize(t, d), label: `dim ${d}` })),
  },
];
