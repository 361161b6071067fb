/**
 * Training: memory stays flat over 100 steps (saved tensors included) on each backend,
 * and the 2-layer MLP converges identically on the CPU and on WebGPU.
 */
import { describe, expect, it } from 'vitest';
import { type Backend, memory } from '@prior/tensor';
import { cpu, gpu } from '../support/backends.js';
import { disposeMlp, makeMlp, step } from '../support/mlp.js';

const backends: [string, Backend | null][] = [
  ['cpu', cpu],
  ['webgpu', gpu],
];

async function curve(backend: Backend, steps: number, lr: number): Promise<number[]> {
  const m = await makeMlp(backend);
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const l = step(m, lr);
    out.push(await l.item());
    l.dispose();
  }
  disposeMlp(m);
  return out;
}

describe.each(backends)('training on %s', (name, backend) => {
  it.skipIf(!backend)('keeps memory flat over 100 steps inside scope', async () => {
    const b = backend as Backend;
    const m = await makeMlp(b);
    const usage = () => memory().backends[b.name] ?? { tensors: 0, bytes: 0 };
    step(m, 0.1).dispose(); // warm-up
    const before = usage();
    for (let i = 0; i < 100; i++) step(m, 0.1).dispose();
    await b.sync();
    expect(usage()).toEqual(before);
    disposeMlp(m);
  });
});

describe.skipIf(!gpu)('MLP on CPU and WebGPU', () => {
  it('converges with the same loss curve', async () => {
    const steps = 60;
    const onCpu = await curve(cpu, steps, 0.2);
    const onGpu = await curve(gpu as Backend, steps, 0.2);
    expect(onCpu[steps - 1]).toBeLessThan(onCpu[0] / 4);
    onGpu.forEach((l, i) => expect(Math.abs(l - onCpu[i]), `step ${i}: webgpu ${l}, cpu ${onCpu[i]}`).toBeLessThanOrEqual(1e-4 + 1e-3 * onCpu[i]));
  });
});
