import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend.js';
import type { DType } from '../../src/dtype.js';
import { cpu, gpu } from '../support/backends.js';
import { expectClose, makeLayout, operand, rng, runBoth, type LayoutKind, type Operand } from './runtime-harness.js';

const g = gpu as Backend;

/** int32 indices in [0, bound) laid out as `kind`. */
function indices(shape: number[], kind: LayoutKind, bound: number, rand: () => number): Operand {
  const layout = makeLayout(shape, kind);
  return { data: Int32Array.from({ length: layout.storage }, () => Math.floor(rand() * bound)), dtype: 'int32', layout };
}

describe.skipIf(!gpu)('webgpu gather', () => {
  it('matches torch.gather semantics on every dim and layout', async () => {
    const rand = rng(41);
    const xShape = [4, 5, 6];
    for (const dim of [0, 1, 2]) {
      for (const [kx, ki] of [['contiguous', 'contiguous'], ['transposed', 'flipped'], ['flipped', 'broadcast'], ['padded', 'transposed']] as const) {
        // index may be smaller than x in every dim, and longer along dim
        const iShape = xShape.map((d, k) => (k === dim ? 7 : d - 1));
        for (const dt of ['float32', 'int32'] as DType[]) {
          const x = operand(xShape, kx, dt, rand);
          const idx = indices(iShape, ki, xShape[dim], rand);
          const { want, got } = await runBoth(cpu, g, [x, idx], (be, [vx, vi]) => be.gather(vx, dim, vi), iShape);
          expectClose(got, want, 0, 0, `gather dim ${dim} ${dt} x:${kx} index:${ki}`);
        }
      }
    }
  });
});

describe.skipIf(!gpu)('webgpu scatterAdd', () => {
  it('adds every source element at its index, duplicates included', async () => {
    const rand = rng(43);
    const baseShape = [4, 5, 6];
    for (const dim of [0, 1, 2]) {
      for (const [kb, ki, ks] of [['contiguous', 'contiguous', 'contiguous'], ['flipped', 'transposed', 'padded'], ['broadcast', 'offset', 'flipped']] as const) {
        const iShape = baseShape.map((d, k) => (k === dim ? 9 : d - 1)); // 9 > size: duplicates guaranteed
        const srcShape = baseShape.map((d, k) => (k === dim ? 10 : d));
        for (const dt of ['float32', 'int32'] as DType[]) {
          const base = operand(baseShape, kb, dt, rand);
          const idx = indices(iShape, ki, baseShape[dim], rand);
          const src = operand(srcShape, ks, dt, rand);
          const { want, got } = await runBoth(cpu, g, [base, idx, src], (be, [vb, vi, vs]) => be.scatterAdd(vb, dim, vi, vs), baseShape);
          expectClose(got, want, 1e-5, 1e-5, `scatterAdd dim ${dim} ${dt} base:${kb} index:${ki} src:${ks}`);
        }
      }
    }
  });

  it('sums many collisions on one slot (atomic f32 adds lose nothing)', async () => {
    const n = 5000;
    const base: Operand = { data: new Float32Array(3), dtype: 'float32', layout: { shape: [3], strides: [1], offset: 0, storage: 3 } };
    const idx: Operand = { data: Int32Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 2 : 1)), dtype: 'int32', layout: { shape: [n], strides: [1], offset: 0, storage: n } };
    const src: Operand = { data: new Float32Array(n).fill(0.5), dtype: 'float32', layout: { shape: [n], strides: [1], offset: 0, storage: n } };
    const { want, got } = await runBoth(cpu, g, [base, idx, src], (be, [vb, vi, vs]) => be.scatterAdd(vb, 0, vi, vs), [3]);
    expect(Array.from(got)).toEqual(Array.from(want));
    expect(Array.from(got)).toEqual([0, 0.5 * (n - Math.ceil(n / 7)), 0.5 * Math.ceil(n / 7)]);
  });
});
