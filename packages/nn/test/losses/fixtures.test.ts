/**
 * Every loss against PyTorch 1.13 (scripts/loss_fixtures.py): value and input gradients.
 * cpu runs in float64 (tight tolerance); webgpu in float32 against the float64 reference.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Backend, type Tensor, scope, tensor } from '@prior/tensor';
import * as nn from '../../src/index.js';
import { backends } from '../support/backends.js';

interface Input {
  name: string;
  shape: number[];
  dtype: 'float64' | 'int32' | 'bool';
  values: number[];
  grad: boolean;
}
interface Case {
  name: string;
  fn: string;
  opts: Record<string, unknown>;
  inputs: Input[];
  output: { shape: number[]; values: number[] };
  seed: number[];
  grads: Record<string, number[]>;
}

const { cases } = JSON.parse(readFileSync(new URL('../fixtures/losses/losses.json', import.meta.url), 'utf8')) as { cases: Case[] };

type Named = Record<string, Tensor>;
const losses: Record<string, (x: Named, opts: Record<string, unknown>) => Tensor> = {
  crossEntropy: (x, o) => nn.crossEntropy(x.input, x.target, { ...o, weight: x.weight }),
  binaryCrossEntropyWithLogits: (x, o) => nn.binaryCrossEntropyWithLogits(x.input, x.target, { ...o, weight: x.weight, posWeight: x.posWeight }),
  mse: (x, o) => nn.mse(x.input, x.target, o),
  l1: (x, o) => nn.l1(x.input, x.target, o),
  smoothL1: (x, o) => nn.smoothL1(x.input, x.target, o),
  klDiv: (x, o) => nn.klDiv(x.input, x.target, o),
  cosineEmbedding: (x, o) => nn.cosineEmbedding(x.input1, x.input2, x.target, o),
  infoNce: (x, o) => {
    const max = o.maxScale as number | undefined;
    const t = max === undefined ? x.t : x.t.clamp(null, Math.log(max));
    return nn.symmetricInfoNce(x.a, x.b, t.exp());
  },
};

async function expectClose(got: Tensor, want: number[], tol: { abs: number; rel: number }, what: string) {
  const g = Array.from(await got.data());
  expect(g.length, what).toBe(want.length);
  g.forEach((v, i) => expect(Math.abs(v - want[i]), `${what} element ${i}: got ${v}, want ${want[i]}`).toBeLessThanOrEqual(tol.abs + tol.rel * Math.abs(want[i])));
}

describe.each(backends)('losses match PyTorch on %s', (name, backend) => {
  const f32 = name === 'webgpu';
  const tol = f32 ? { abs: 2e-5, rel: 2e-4 } : { abs: 1e-12, rel: 1e-9 };
  for (const c of cases) {
    it.skipIf(!backend)(c.name, async () => {
      const device = backend as Backend;
      const xs: Named = {};
      for (const s of c.inputs) {
        const t = tensor(s.values, { shape: s.shape, dtype: s.dtype === 'float64' && f32 ? 'float32' : s.dtype, device });
        if (s.grad) t.requiresGrad = true;
        xs[s.name] = t;
      }
      await scope(async () => {
        const y = losses[c.fn](xs, c.opts);
        expect(y.shape).toEqual(c.output.shape);
        await expectClose(y, c.output.values, tol, 'output');
        y.backward(tensor(c.seed, { shape: y.shape, dtype: f32 ? 'float32' : 'float64', device }));
      });
      for (const [n, g] of Object.entries(c.grads)) await expectClose(xs[n].grad!, g, tol, `gradient of ${n}`);
      for (const t of Object.values(xs)) {
        t.zeroGrad();
        t.dispose();
      }
    });
  }
});
