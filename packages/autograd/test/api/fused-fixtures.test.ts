/** Fused ops against PyTorch 1.13 (float64): outputs and input gradients (scripts/fused-fixtures.py). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Tensor, tensor } from '@prior/tensor';
import * as A from '../../src/index.js';

interface Case {
  name: string;
  opts: Record<string, unknown>;
  inputs: { shape: number[]; dtype: 'float64' | 'int32' | 'bool'; values: number[] }[];
  output: { shape: number[]; values: number[] };
  seed: number[];
  grads: (number[] | null)[];
  runningMean?: number[];
  runningVar?: number[];
  statsIn?: [number[], number[]];
}

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/fused.json', import.meta.url), 'utf8')) as { cases: Case[] };
const f64 = (v: number[]) => tensor(v, { dtype: 'float64' });

const ops: Record<string, (c: Case, xs: Tensor[]) => Tensor> = {
  crossEntropy: (c, [z, t]) => A.crossEntropy(z, t, c.opts),
  layerNorm: (c, [x, w, b]) => A.layerNorm(x, c.opts.normalizedShape as number[], w, b),
  batchNorm: (c, [x, w, b]) => {
    const [rm, rv] = c.statsIn!;
    const r = A.batchNorm(x, { weight: w, bias: b, runningMean: f64(rm), runningVar: f64(rv), training: c.name.includes('training') });
    if (r.runningMean) stats.push(r.runningMean, r.runningVar!);
    return r.output;
  },
  attention: (c, [q, k, v, m]) => A.scaledDotProductAttention(q, k, v, { mask: m ?? null, isCausal: c.name.includes('causal') }),
  cosineSimilarity: (_c, [a, b]) => A.cosineSimilarity(a, b, -1),
  l2Normalize: (_c, [x]) => A.l2Normalize(x, 0),
  gelu: (_c, [x]) => A.gelu(x),
  softmax: (_c, [x]) => A.softmax(x, 0),
  logSoftmax: (_c, [x]) => A.logSoftmax(x, 1),
};
const stats: Tensor[] = [];

async function expectClose(got: Tensor, want: number[], what: string) {
  const g = Array.from(await got.data());
  expect(g.length, what).toBe(want.length);
  g.forEach((v, i) => expect(Math.abs(v - want[i]), `${what} element ${i}: got ${v}, want ${want[i]}`).toBeLessThanOrEqual(1e-9 + 1e-7 * Math.abs(want[i])));
}

describe('fused ops match PyTorch', () => {
  for (const c of fixtures.cases) {
    it(c.name, async () => {
      stats.length = 0;
      const xs = c.inputs.map((s) => tensor(s.values, { shape: s.shape, dtype: s.dtype }));
      for (const x of xs) if (x.dtype === 'float64') x.requiresGrad = true;
      const y = ops[c.name.split(' ')[0]](c, xs);
      await expectClose(y, c.output.values, 'output');
      y.backward(tensor(c.seed, { shape: y.shape, dtype: 'float64' }));
      for (const [i, g] of c.grads.entries()) if (g) await expectClose(xs[i].grad!, g, `gradient of input ${i}`);
      if (c.runningMean) {
        await expectClose(stats[0], c.runningMean, 'running mean');
        await expectClose(stats[1], c.runningVar!, 'running var');
      }
    });
  }
});
