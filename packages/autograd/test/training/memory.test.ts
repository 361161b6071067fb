/**
 * No leaks: a training step through the fused ops (their saved residuals included),
 * parameter update and running-statistics update, run 100 times inside scope, leaves
 * the live tensor count and bytes unchanged, on each backend.
 */
import { describe, expect, it } from 'vitest';
import { type Backend, Generator, type Tensor, keep, memory, randn, scope, tensor } from '@prior/tensor';
import * as A from '../../src/index.js';
import { cpu, gpu } from '../support/backends.js';

interface Model {
  params: Tensor[];
  runningMean: Tensor;
  runningVar: Tensor;
}

function makeModel(device: Backend): Model {
  const g = new Generator(5);
  const p = (shape: number[], scale = 0.3) => scope(() => keep(A.mul(randn(shape, { generator: g, device }), scale)));
  const params = [p([4, 2, 3, 3]), p([4]), p([4]), p([4]), p([8]), p([8]), p([10, 8]), p([8, 3])];
  for (const t of params) t.requiresGrad = true;
  return { params, runningMean: tensor([0, 0, 0, 0], { device }), runningVar: tensor([1, 1, 1, 1], { device }) };
}

function trainStep(m: Model, x: Tensor, tokens: Tensor, labels: Tensor, dropGen: Generator): void {
  scope(() => {
    const [conv, bias, gamma, beta, lnW, lnB, embed, head] = m.params;
    const h = A.conv2d(x, conv, bias, { padding: 1 }); // [2, 4, 4, 4]
    const bn = A.batchNorm(h, { weight: gamma, bias: beta, runningMean: m.runningMean, runningVar: m.runningVar, training: true });
    const pooled = A.maxPool2d(A.relu(bn.output), 2); // [2, 4, 2, 2]
    const seq = A.layerNorm(A.reshape(pooled, [2, 2, 8]), [8], lnW, lnB); // [2, 2, 8]
    const kv = A.indexSelect(embed, 0, tokens); // [3, 8]
    const att = A.scaledDotProductAttention(A.dropout(seq, 0.1, { generator: dropGen }), kv, kv); // [2, 2, 8]
    const logits = A.matmul(A.l2Normalize(A.gelu(att), -1), head); // [2, 2, 3]
    const ce = A.crossEntropy(A.reshape(logits, [4, 3]), labels, { labelSmoothing: 0.1 });
    const sim = A.mean(A.cosineSimilarity(att, A.softmax(seq, -1), -1));
    A.add(ce, A.mul(sim, 0.1)).backward();
    m.params = m.params.map((p) => {
      const next = keep(A.noGrad(() => A.sub(p, A.mul(p.grad!, 0.05))));
      next.requiresGrad = true;
      p.zeroGrad();
      p.dispose();
      return next;
    });
    m.runningMean.dispose();
    m.runningVar.dispose();
    m.runningMean = keep(bn.runningMean!);
    m.runningVar = keep(bn.runningVar!);
  });
}

describe.each([
  ['cpu', cpu],
  ['webgpu', gpu],
] as [string, Backend | null][])('memory on %s', (_name, backend) => {
  it.skipIf(!backend)('stays flat over 100 training steps through the fused ops', async () => {
    const device = backend as Backend;
    const m = makeModel(device);
    const x = randn([2, 2, 4, 4], { generator: new Generator(9), device });
    const tokens = tensor([1, 4, 7], { dtype: 'int32', device });
    const labels = tensor([0, 2, 1, -100], { dtype: 'int32', device });
    const dropGen = new Generator(11);
    const usage = () => memory().backends[device.name] ?? { tensors: 0, bytes: 0 };
    trainStep(m, x, tokens, labels, dropGen); // warm-up
    const before = usage();
    for (let i = 0; i < 100; i++) trainStep(m, x, tokens, labels, dropGen);
    await device.sync();
    expect(usage()).toEqual(before);
    for (const t of [...m.params, m.runningMean, m.runningVar, x, tokens, labels]) t.dispose();
  });
});
