/**
 * No leaks: 100 training steps (forward, InfoNCE + cross-entropy loss, backward,
 * clipGradNorm, optimiser step, scheduler step) leave the live tensor count and bytes
 * unchanged, on each backend and for each optimiser.
 */
import { describe, expect, it } from 'vitest';
import { type Backend, Generator, memory, randn, scope, tensor } from '@prior/tensor';
import * as A from '@prior/autograd';
import * as nn from '../../src/index.js';
import { backends } from '../support/backends.js';

const optimisers: [string, (ps: nn.Parameter[]) => nn.Optimizer<{ lr: number }>][] = [
  ['AdamW (fused)', (ps) => new nn.AdamW(ps, { lr: 1e-2 })],
  ['AdamW amsgrad', (ps) => new nn.AdamW(ps, { lr: 1e-2, amsgrad: true })],
  ['SGD', (ps) => new nn.SGD(ps, { lr: 1e-2, momentum: 0.9, nesterov: true, weightDecay: 1e-4 })],
];

describe.each(backends)('memory on %s', (_name, backend) => {
  it.skipIf(!backend).each(optimisers)('stays flat over 100 steps with %s', async (_opt, makeOpt) => {
    const device = backend as Backend;
    const g = new Generator(3);
    const w1 = new nn.Parameter(randn([6, 8], { generator: g, device }));
    const w2 = new nn.Parameter(randn([6, 8], { generator: g, device }));
    const head = new nn.Parameter(randn([8, 3], { generator: g, device }));
    const loss = new nn.InfoNCE({ device, maxScale: 100 });
    const params = [w1, w2, head, ...loss.parameters()];
    const opt = makeOpt(params);
    const sched = new nn.WarmupCosineLR(opt, { warmupSteps: 10, totalSteps: 100, minLrRatio: 0.1 });
    const x = randn([4, 6], { generator: g, device });
    const labels = tensor([0, 2, 1, 1], { dtype: 'int32', device });
    const step = () => {
      scope(() => {
        const a = A.matmul(x, w1.value);
        const b = A.matmul(x, w2.value);
        const ce = nn.crossEntropy(A.matmul(a, head.value), labels, { labelSmoothing: 0.1 });
        A.add(loss.forward(a, b), ce).backward();
      });
      nn.clipGradNorm(params, 1).dispose();
      opt.step();
      opt.zeroGrad();
      sched.iterationEnd();
    };
    const usage = () => memory().backends[device.name] ?? { tensors: 0, bytes: 0 };
    step(); // warm-up: creates the optimiser state
    await device.sync();
    const before = usage();
    for (let i = 0; i < 100; i++) step();
    await device.sync();
    expect(usage()).toEqual(before);
    expect(sched.t).toBe(101);
    opt.dispose();
    for (const p of params) p.dispose();
    x.dispose();
    labels.dispose();
  });
});
