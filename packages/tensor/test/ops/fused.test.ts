import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';
import { cpu } from '../support/backends.js';
import { agree, arbInput, forAllBackends } from '../support/compare.js';

const dim = fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom(16, 33, 65));
const act = fc.constantFrom<T.FusedActivation>('none', 'relu', 'gelu', 'sigmoid', 'tanh');

describe('fused ops agree with the float64 oracle', () => {
  it('linear: act(x @ wᵀ + b), any leading dims and layouts', async () => {
    const arb = fc
      .tuple(dim, dim, fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), dim, fc.boolean(), act)
      .chain(([inF, out, lead, rows, withBias, a]) =>
        fc.tuple(arbInput([...lead, rows, inF]), arbInput([out, inF]), arbInput([out])).map(([x, w, b]) => ({ x, w, b: withBias ? b : null, a, inF })),
      );
    await forAllBackends(arb, (be, { x, w, b, a, inF }) =>
      agree(be, b ? [x, w, b] : [x, w], (xt, wt, bt) => T.linear(xt, wt, bt ?? null, { activation: a }), { reduceLen: inF }),
    );
  });

  it('linear and conv2dAct on every GEMM variant (forced), tile edges included', async () => {
    const arb = fc
      .tuple(fc.constantFrom(1, 31, 33), fc.constantFrom(1, 17, 127, 129), fc.constantFrom(1, 5, 16))
      .chain(([rows, out, inF]) => fc.tuple(arbInput([rows, inF]), arbInput([out, inF]), arbInput([out])).map(([x, w, b]) => ({ x, w, b, inF })));
    // One activation: every (variant, activation) pair is its own pipeline to compile.
    try {
      for (const v of T.MATMUL_VARIANTS) {
        T.forceMatmulVariant(v);
        await forAllBackends(arb, (be, { x, w, b, inF }) => agree(be, [x, w, b], (xt, wt, bt) => T.linear(xt, wt, bt, { activation: 'gelu' }), { reduceLen: inF }));
        const cx = { shape: [2, 3, 5, 6], values: Array.from({ length: 180 }, (_, i) => Math.fround(Math.sin(i))) };
        const cw = { shape: [4, 3, 3, 3], values: Array.from({ length: 108 }, (_, i) => Math.fround(Math.cos(i))) };
        const cb = { shape: [4], values: [0.5, -0.5, 1, -1] };
        await forAllBackends(fc.constant(0), (be) => agree(be, [cx, cw, cb], (xt, wt, bt) => T.conv2dAct(xt, wt, bt, { padding: 1, activation: 'gelu' }), { reduceLen: 27 }));
      }
    } finally {
      T.forceMatmulVariant(null);
    }
  });

  it('conv2dAct: act(conv2d(x, w, b)) with stride, padding, groups and 1×1', async () => {
    const arb = fc
      .tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 7 }), fc.constantFrom(1, 3), fc.integer({ min: 1, max: 2 }), fc.boolean(), act)
      .chain(([n, groups, cg, hw, k, stride, withBias, a]) => {
        const cin = groups * cg;
        const cout = groups * 2;
        return fc
          .tuple(arbInput([n, cin, hw, hw + 1]), arbInput([cout, cg, k, k]), arbInput([cout]))
          .map(([x, w, b]) => ({ x, w, b: withBias ? b : null, a, opts: { groups, stride, padding: k === 3 ? 1 : 0 }, red: cg * k * k }));
      });
    await forAllBackends(arb, (be, { x, w, b, a, opts, red }) =>
      agree(be, b ? [x, w, b] : [x, w], (xt, wt, bt) => T.conv2dAct(xt, wt, bt ?? null, { ...opts, activation: a }), { reduceLen: red }),
    );
  });

  it('adamwUpdate: one step over (param, grad, m, v)', async () => {
    const arb = fc
      .tuple(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 1000 }), fc.constantFrom(0, 0.01, 0.1))
      .chain(([shape, step, wd]) =>
        fc.tuple(arbInput(shape), arbInput(shape), arbInput(shape), arbInput(shape, 0, 3)).map(([p, g, m, v]) => ({ p, g, m, v, step, wd })),
      );
    await forAllBackends(arb, (be, { p, g, m, v, step, wd }) =>
      agree(be, [p, g, m, v], (pt, gt, mt, vt) => {
        const r = T.adamwUpdate(pt, gt, mt, vt, { lr: 1e-2, step, weightDecay: wd });
        return [r.param, r.m, r.v];
      }, { rtol: 1e-3 }),
    );
  });
});

describe('fused ops match their unfused composition (cpu, float64)', () => {
  it('linear equals matmul(x, wᵀ) + b followed by the activation', async () => {
    const x = T.tensor([[1, -2, 3], [0.5, 4, -1]], { dtype: 'float64', device: cpu });
    const w = T.tensor([[0.1, 0.2, -0.3], [1, -1, 0.5]], { dtype: 'float64', device: cpu });
    const b = T.tensor([0.25, -3], { dtype: 'float64', device: cpu });
    const fused = await T.linear(x, w, b, { activation: 'relu' }).data();
    const plain = await T.relu(T.add(T.matmul(x, T.transpose(w)), b)).data();
    expect(Array.from(fused)).toEqual(Array.from(plain));
  });

  it('adamwUpdate matches the textbook formulas', async () => {
    const p = T.tensor([1, -2], { dtype: 'float64', device: cpu });
    const g = T.tensor([0.5, 0.25], { dtype: 'float64', device: cpu });
    const z = T.zeros([2], { dtype: 'float64', device: cpu });
    const r = T.adamwUpdate(p, g, z, z, { lr: 0.1, step: 1, weightDecay: 0.01 });
    // Step 1 from zero moments: m̂ = g, v̂ = g², so the update is lr·g/(|g| + eps).
    const want = [1 * (1 - 0.001) - 0.1 * (0.5 / (0.5 + 1e-8)), -2 * (1 - 0.001) - 0.1 * (0.25 / (0.25 + 1e-8))];
    const got = Array.from(await r.param.data());
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
    // m = (1 − β1)·g
    Array.from(await r.m.data()).forEach((v, i) => expect(v).toBeCloseTo(0.1 * [0.5, 0.25][i], 15));
  });

  it('rejects bad shapes and options with the op named', () => {
    const x = T.zeros([2, 3], { device: cpu });
    const w = T.zeros([4, 5], { device: cpu });
    expect(() => T.linear(x, w)).toThrow(/linear/);
    expect(() => T.adamwUpdate(x, x, x, w, { lr: 1, step: 1 })).toThrow(/adamwUpdate/);
    expect(() => T.adamwUpdate(x, x, x, x, { lr: 1, step: 0 })).toThrow(/step/);
    expect(() => T.linear(x, T.zeros([4, 3], { device: cpu }), null, { activation: 'swish' as T.FusedActivation })).toThrow(/activation/);
  });
});
