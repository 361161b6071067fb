/**
 * Adam/AdamW through the fused adamwUpdate kernel against the same optimiser through
 * separate ops: equal parameters and state (same keys, same step) after several steps,
 * state dicts of the same form, and on WebGPU one dispatch per parameter instead of ~14.
 */
import { describe, expect, it } from 'vitest';
import { type Backend, type DType, Generator, type Tensor, randn } from '@prior/tensor';
import * as nn from '../../src/index.js';
import { backends, gpu } from '../support/backends.js';

type Make = (ps: nn.Parameter[], fused: boolean) => nn.Optimizer<{ lr: number }>;
const configs: [string, Make][] = [
  ['AdamW defaults', (ps, fused) => new nn.AdamW(ps, { lr: 1e-2, fused })],
  ['AdamW weight decay betas eps', (ps, fused) => new nn.AdamW(ps, { lr: 2e-2, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.1, fused })],
  ['AdamW groups', (ps, fused) => new nn.AdamW([{ params: ps.slice(0, 1) }, { params: ps.slice(1), lr: 3e-2, weightDecay: 0 }], { lr: 1e-2, fused })],
  ['Adam', (ps, fused) => new nn.Adam(ps, { lr: 1e-2, fused })],
  ['Adam weight decay', (ps, fused) => new nn.Adam(ps, { lr: 1e-2, weightDecay: 0.1, fused })],
];
const shapes = [[3, 4], [5], [2, 3, 2]];
const STEPS = 6;

/** Runs STEPS steps from seeded values and gradients; returns the parameters and the optimiser. */
function run(make: Make, fused: boolean, device: Backend, dtype: DType): { params: nn.Parameter[]; opt: nn.Optimizer<{ lr: number }> } {
  const g = new Generator(11);
  const params = shapes.map((s) => new nn.Parameter(randn(s, { generator: g, device, dtype })));
  const opt = make(params, fused);
  for (let k = 0; k < STEPS; k++) {
    for (const p of params) p.grad = randn(p.shape, { generator: g, device, dtype });
    opt.step();
    opt.zeroGrad();
  }
  return { params, opt };
}

async function expectClose(a: Tensor, b: Tensor, tol: { abs: number; rel: number }, what: string) {
  const [x, y] = [await a.data(), await b.data()];
  expect(x.length, what).toBe(y.length);
  for (let i = 0; i < x.length; i++) {
    expect(Math.abs(x[i] - y[i]), `${what} element ${i}: fused ${x[i]}, unfused ${y[i]}`).toBeLessThanOrEqual(tol.abs + tol.rel * Math.abs(y[i]));
  }
}

const cases: [string, Backend | null, DType][] = [
  ['cpu float64', backends[0][1], 'float64'],
  ['cpu float32', backends[0][1], 'float32'],
  ['webgpu float32', gpu, 'float32'],
];

describe.each(cases)('fused and unfused Adam agree on %s', (_name, backend, dtype) => {
  const tol = dtype === 'float64' ? { abs: 1e-13, rel: 1e-11 } : { abs: 1e-6, rel: 1e-5 };
  // expAvgSq (~1e-3) sums positive terms: compared relatively, so that a scale error
  // (e.g. 1 − β2 rounded to f32) shows. expAvg may cancel to near 0: an absolute floor.
  const stateTol = {
    expAvg: dtype === 'float64' ? { abs: 1e-15, rel: 1e-11 } : { abs: 1e-7, rel: 3e-6 },
    expAvgSq: dtype === 'float64' ? { abs: 0, rel: 1e-11 } : { abs: 0, rel: 3e-6 },
  };
  it.skipIf(!backend).each(configs)('%s', async (_label, make) => {
    const device = backend as Backend;
    const a = run(make, true, device, dtype);
    const b = run(make, false, device, dtype);
    const [sa, sb] = [a.opt.stateDict(), b.opt.stateDict()];
    expect(sa.paramGroups).toEqual(sb.paramGroups);
    expect([...sa.state.keys()]).toEqual([...sb.state.keys()]);
    for (const [i, p] of a.params.entries()) {
      await expectClose(p.value, b.params[i].value, tol, `parameter ${i}`);
      const [x, y] = [sa.state.get(i)!, sb.state.get(i)!];
      expect(Object.keys(x).sort()).toEqual(['expAvg', 'expAvgSq', 'step']);
      expect(Object.keys(y).sort()).toEqual(['expAvg', 'expAvgSq', 'step']);
      expect(x.step).toBe(STEPS);
      expect(y.step).toBe(STEPS);
      for (const k of ['expAvg', 'expAvgSq'] as const) {
        const [tx, ty] = [x[k] as Tensor, y[k] as Tensor];
        expect(tx.dtype).toBe(dtype);
        expect(tx.shape).toEqual(p.shape);
        await expectClose(tx, ty, stateTol[k], `${k} of parameter ${i}`);
      }
    }
    for (const r of [a, b]) {
      r.opt.dispose();
      for (const p of r.params) p.dispose();
    }
  });
});

describe('the fused step on WebGPU', () => {
  const dispatches = () => (gpu as unknown as { poolStats(): { dispatches: number } }).poolStats().dispatches;

  /** Dispatches of one step after the first (the moments exist). */
  function count(make: Make, fused: boolean): number {
    const device = gpu as Backend;
    const g = new Generator(5);
    const params = shapes.map((s) => new nn.Parameter(randn(s, { generator: g, device })));
    const opt = make(params, fused);
    const feed = () => {
      for (const p of params) p.grad = randn(p.shape, { generator: g, device });
    };
    feed();
    opt.step();
    feed();
    const before = dispatches();
    opt.step();
    const n = dispatches() - before;
    opt.dispose();
    for (const p of params) p.dispose();
    return n;
  }

  it.skipIf(!gpu)('takes one dispatch per parameter, down from ~14', () => {
    const adamw: Make = (ps, fused) => new nn.AdamW(ps, { lr: 1e-2, fused });
    const fused = count(adamw, true);
    const unfused = count(adamw, false);
    expect(fused).toBe(shapes.length);
    expect(unfused).toBeGreaterThanOrEqual(10 * shapes.length);
  });

  it.skipIf(!gpu)('falls back to separate ops for amsgrad and maximize', () => {
    for (const opts of [{ amsgrad: true }, { maximize: true }]) {
      const n = count((ps, fused) => new nn.AdamW(ps, { lr: 1e-2, ...opts, fused }), true);
      expect(n).toBeGreaterThanOrEqual(10 * shapes.length);
    }
  });
});
