import { describe, expect, it } from 'vitest';
import { type Backend, Generator, ones } from '@prior/tensor';
import * as A from '../../src/index.js';
import { cpu, gpu } from '../support/backends.js';

async function masked(device: Backend, seed: number): Promise<number[]> {
  const x = ones([400], { device });
  x.requiresGrad = true;
  const y = A.dropout(x, 0.25, { generator: new Generator(seed) });
  A.sum(y).backward();
  const out = Array.from(await y.data());
  // The gradient is the same scaled mask as the output for x = 1.
  expect(Array.from(await x.grad!.data())).toEqual(out);
  for (const t of [x, y]) {
    t.zeroGrad();
    t.dispose();
  }
  return out;
}

describe('dropout', () => {
  it('draws its mask from the seeded generator: scaled by 1/(1 − p), about p dropped', async () => {
    const a = await masked(cpu, 3);
    expect(await masked(cpu, 3)).toEqual(a);
    expect(await masked(cpu, 4)).not.toEqual(a);
    expect(new Set(a)).toEqual(new Set([0, Math.fround(1 / 0.75)]));
    const dropped = a.filter((v) => v === 0).length / a.length;
    expect(dropped).toBeGreaterThan(0.15);
    expect(dropped).toBeLessThan(0.35);
  });

  it('is the identity when not training or p = 0, and zero for p = 1', async () => {
    const x = ones([3]);
    expect(A.dropout(x, 0.5, { training: false })).toBe(x);
    expect(A.dropout(x, 0)).toBe(x);
    expect(Array.from(await A.dropout(x, 1).data())).toEqual([0, 0, 0]);
    expect(() => A.dropout(x, 1.5)).toThrow(/p must be/);
  });

  it.skipIf(!gpu)('draws the same mask on WebGPU as on the CPU', async () => {
    expect(await masked(gpu as Backend, 8)).toEqual(await masked(cpu, 8));
  });
});
