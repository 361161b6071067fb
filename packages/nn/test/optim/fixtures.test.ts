/**
 * Optimisers against PyTorch 1.13 (scripts/optim_fixtures.py): ten steps from fixed
 * gradients, every parameter after every step; clipGradNorm; scheduler lr sequences.
 * cpu runs in float64 (tight tolerance); webgpu in float32. Adam and AdamW run both ways:
 * through the fused adamwUpdate kernel and through separate ops.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Backend, type Tensor, tensor } from '@prior/tensor';
import * as nn from '../../src/index.js';
import { backends } from '../support/backends.js';

interface OptimCase {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW';
  groups: { options: Record<string, unknown>; count: number }[];
  shapes: number[][];
  initial: number[][];
  grads: number[][][];
  values: number[][][];
}
interface ClipCase {
  normType: number | 'inf';
  maxNorm: number;
  shapes: number[][];
  grads: number[][];
  total: number;
  clipped: number[][];
}
interface ScheduleCase {
  name: string;
  options: Record<string, number>;
  lrs: number[];
}

const fx = JSON.parse(readFileSync(new URL('../fixtures/optim/optim.json', import.meta.url), 'utf8')) as {
  cases: OptimCase[];
  clip: ClipCase[];
  schedules: ScheduleCase[];
};

function make(c: OptimCase, params: nn.Parameter[], fused: boolean): nn.Optimizer<{ lr: number }> {
  let k = 0;
  const groups = c.groups.map((g) => ({ ...g.options, params: params.slice(k, (k += g.count)) }));
  const [first, ...rest] = groups;
  const { params: _first, ...defaults } = first as { params: nn.Parameter[]; lr: number };
  const all = [{ params: first.params }, ...rest];
  if (c.optimizer === 'SGD') return new nn.SGD(all, defaults);
  return c.optimizer === 'Adam' ? new nn.Adam(all, { ...defaults, fused }) : new nn.AdamW(all, { ...defaults, fused });
}

function expectClose(got: ArrayLike<number>, want: number[], tol: { abs: number; rel: number }, what: string) {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i] - want[i]), `${what} element ${i}: got ${got[i]}, want ${want[i]}`).toBeLessThanOrEqual(tol.abs + tol.rel * Math.abs(want[i]));
  }
}

describe.each(backends)('optimisers match PyTorch on %s', (name, backend) => {
  const dtype = name === 'webgpu' ? 'float32' : 'float64';
  const tol = dtype === 'float32' ? { abs: 2e-5, rel: 1e-4 } : { abs: 1e-12, rel: 1e-10 };
  const t = (values: number[], shape: number[]): Tensor => tensor(values, { shape, dtype, device: backend as Backend });

  const runs = fx.cases.flatMap((c) => (c.optimizer === 'SGD' ? [{ c, fused: false, label: c.name }] : [true, false].map((fused) => ({ c, fused, label: `${c.name} (${fused ? 'fused' : 'unfused'})` }))));
  for (const { c, fused, label } of runs) {
    it.skipIf(!backend)(label, async () => {
      const params = c.initial.map((v, i) => new nn.Parameter(t(v, c.shapes[i])));
      const opt = make(c, params, fused);
      const sched = c.name.endsWith('StepLR') ? new nn.StepLR(opt, { stepSize: 3, gamma: 0.5 }) : null;
      for (let s = 0; s < c.grads.length; s++) {
        params.forEach((p, i) => {
          p.grad = t(c.grads[s][i], c.shapes[i]);
        });
        opt.step();
        sched?.step();
        for (const [i, p] of params.entries()) expectClose(await p.value.data(), c.values[s][i], tol, `step ${s + 1} parameter ${i}`);
      }
      opt.dispose();
      for (const p of params) p.dispose();
    });
  }

  for (const c of fx.clip) {
    it.skipIf(!backend)(`clipGradNorm ${c.normType}-norm to ${c.maxNorm}`, async () => {
      const params = c.grads.map((_, i) => new nn.Parameter(t(new Array(c.grads[i].length).fill(0), c.shapes[i])));
      params.forEach((p, i) => {
        p.grad = t(c.grads[i], c.shapes[i]);
      });
      const total = nn.clipGradNorm(params, c.maxNorm, { normType: c.normType === 'inf' ? Infinity : c.normType });
      expectClose(await total.data(), [c.total], tol, 'total norm');
      for (const [i, p] of params.entries()) expectClose(await p.grad!.data(), c.clipped[i], tol, `clipped gradient ${i}`);
      total.dispose();
      for (const p of params) p.dispose();
    });
  }
});

describe('schedulers match PyTorch', () => {
  for (const c of fx.schedules) {
    it(c.name, () => {
      const p = new nn.Parameter(tensor([0]));
      const opt = new nn.SGD([p], { lr: 0.5 });
      const sched = c.name.startsWith('StepLR') ? new nn.StepLR(opt, c.options as unknown as nn.StepLROptions) : new nn.ConstantLR(opt, c.options);
      const got = [opt.paramGroups[0].lr];
      for (let i = 1; i < c.lrs.length; i++) {
        sched.step();
        got.push(opt.paramGroups[0].lr);
      }
      expectClose(got, c.lrs, { abs: 1e-15, rel: 1e-12 }, 'lr');
      p.dispose();
    });
  }
});
