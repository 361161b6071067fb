/**
 * The same gradients on WebGPU: for a representative set of ops, random cases from the
 * gradient properties run on WebGPU in float32 and on the CPU in float64, are
 * backpropagated from the same random output gradient, and must agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Backend, type Tensor, tensor } from '@prior/tensor';
import '../../src/index.js';
import { gpu, cpu } from '../support/backends.js';
import type { InputSpec } from '../support/arbitraries.js';
import type { GradSpec } from '../support/grad-spec.js';
import { specs as elementwise } from '../grad/specs/elementwise.js';
import { specs as reduce } from '../grad/specs/reduce.js';
import { specs as linalgConv } from '../grad/specs/linalg-conv.js';
import { specs as indexing } from '../grad/specs/indexing.js';
import { specs as fused } from '../grad/specs/fused.js';

const representative = [
  'matmul', 'conv2d', 'maxPool2d', 'avgPool2d', 'adaptiveAvgPool2d', 'upsample', 'scaledDotProductAttention', 'layerNorm',
  'crossEntropy', 'softmax', 'logSoftmax', 'gelu', 'mul', 'div', 'gather', 'l2Normalize', 'cosineSimilarity',
];
const all = [...elementwise, ...reduce, ...linalgConv, ...indexing, ...fused];
const chosen = representative.map((op) => all.find((s) => s.op === op) as GradSpec);

/** Input gradients of fn at `inputs` on `backend`, backpropagating output gradient `v`. */
async function grads(backend: Backend, dtype: 'float32' | 'float64', inputs: InputSpec[], fn: (...xs: Tensor[]) => Tensor, v: (n: number) => number[]): Promise<{ out: number[]; grads: number[][] }> {
  const xs = inputs.map((s) => tensor(s.values, { shape: s.shape, dtype: s.dtype ?? dtype, device: backend }));
  const wrt = xs.filter((x) => x.dtype === dtype);
  for (const x of wrt) x.requiresGrad = true;
  const y = fn(...xs);
  const seed = tensor(v(y.size), { shape: y.shape, dtype, device: backend });
  y.backward(seed);
  const res = { out: Array.from(await y.data()), grads: await Promise.all(wrt.map(async (x) => Array.from(await x.grad!.data()))) };
  for (const t of [...xs, y, seed]) {
    t.zeroGrad();
    t.dispose();
  }
  return res;
}

describe.skipIf(!gpu)('WebGPU gradients match the CPU', () => {
  for (const spec of chosen) {
    it(spec.op, async () => {
      await fc.assert(
        fc.asyncProperty(spec.arb, fc.integer({ min: 1, max: 1000 }), async (c, seed) => {
          const v = (n: number) => Array.from({ length: n }, (_, i) => Math.fround(Math.sin(seed + 1.7 * i)));
          const want = await grads(cpu, 'float64', c.inputs, c.fn, v);
          const got = await grads(gpu as Backend, 'float32', c.inputs.map((s) => ({ ...s, values: s.values.map(Math.fround) })), c.fn, v);
          got.grads.forEach((g, k) =>
            g.forEach((a, e) => {
              const w = want.grads[k][e];
              expect(Math.abs(a - w), `${spec.op} (${c.label ?? ''}) input ${k} element ${e}: webgpu ${a}, cpu ${w}`).toBeLessThanOrEqual(2e-4 + 2e-3 * Math.abs(w));
            }),
          );
        }),
        { numRuns: Number(process.env.PRIOR_GPU_GRAD_RUNS) || 4, endOnFailure: true },
      );
    });
  }
});
