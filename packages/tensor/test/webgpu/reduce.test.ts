import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Backend, ReduceOp } from '../../src/backend.js';
import type { WebGPUBackend } from '../../src/backends/webgpu/index.js';
import type { DType } from '../../src/dtype.js';
import { cpu, gpu } from '../support/backends.js';
import { expectClose, operand, rng, runBoth, type LayoutKind, type Operand } from './runtime-harness.js';

const g = gpu as Backend;

async function check(op: ReduceOp, a: Operand, axes: number[], outDtype: DType, tol = 0): Promise<void> {
  const outShape = a.layout.shape.filter((_, d) => !axes.includes(d));
  const nRed = a.layout.shape.filter((_, d) => axes.includes(d)).reduce((p, q) => p * q, 1);
  const { want, got } = await runBoth(cpu, g, [a], (be, [x]) => be.reduce(op, x, axes, outDtype), outShape);
  const t = tol * Math.sqrt(nRed);
  expectClose(got, want, t, t, `${op} axes [${axes}] of [${a.layout.shape}] strides [${a.layout.strides}]`);
}

const AXIS_SETS = [[0], [1], [2], [0, 2], [1, 2], [0, 1, 2]];
const KINDS: LayoutKind[] = ['contiguous', 'transposed', 'flipped', 'broadcast'];

describe.skipIf(!gpu)('webgpu reduce', () => {
  it.each(['sum', 'prod', 'max', 'min'] as const)('%s over every axis set and layout', async (op) => {
    const rand = rng(op.length * 7 + 1);
    const [lo, hi] = op === 'prod' ? [0.6, 1.5] : [-3, 3];
    for (const kind of KINDS) {
      for (const axes of AXIS_SETS) await check(op, operand([4, 5, 6], kind, 'float32', rand, lo, hi), axes, 'float32', 2e-6);
    }
  });

  it.each(['argmax', 'argmin'] as const)('%s over each axis, with ties going to the first index', async (op) => {
    const rand = rng(op.length * 13 + 5);
    for (const kind of KINDS) {
      for (const axis of [0, 1, 2]) {
        const a = operand([4, 5, 6], kind, 'float32', rand);
        for (let i = 0; i < a.data.length; i++) a.data[i] = Math.round(a.data[i]); // many ties
        await check(op, a, [axis], 'int32');
      }
    }
  });

  it('long reductions use the workgroup tree and stay accurate', async () => {
    const rand = rng(17);
    await check('sum', operand([3, 1000], 'contiguous', 'float32', rand), [1], 'float32', 2e-6);
    await check('sum', operand([3, 1000], 'transposed', 'float32', rand), [1], 'float32', 2e-6);
    await check('sum', operand([2, 300, 7], 'flipped', 'float32', rand), [1], 'float32', 2e-6);
    await check('max', operand([5000], 'padded', 'float32', rand), [0], 'float32');
    await check('sum', operand([20, 30, 40], 'offset', 'float32', rand), [0, 2], 'float32', 2e-6);
    await check('prod', operand([2, 500], 'contiguous', 'float32', rand, 0.99, 1.01), [1], 'float32', 2e-6);
    for (const op of ['argmax', 'argmin'] as const) {
      const a = operand([3, 777], 'transposed', 'float32', rand);
      for (let i = 0; i < a.data.length; i++) a.data[i] = Math.round(a.data[i] * 2);
      await check(op, a, [1], 'int32');
      await check(op, operand([2000], 'flipped', 'int32', rand, -5, 5), [0], 'int32');
    }
  });

  it('propagates NaN in max/min/sum and treats NaN as the extreme in argmax/argmin', async () => {
    for (const len of [6, 300]) {
      // rows: NaN somewhere, -inf only, +inf and NaN, two NaNs (first wins), plain
      const rows = [
        [1, 2, NaN, 3, 0, -1],
        [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
        [Infinity, 0, 5, NaN, 1, Infinity],
        [0, NaN, 7, NaN, -2, 7],
        [5, 5, -5, -5, 2, 2],
      ].map((r) => Array.from({ length: len }, (_, i) => (i < 6 ? r[i] : i % 5 === 0 ? -7 : 0.5)));
      const data = Float32Array.from(rows.flat());
      const a: Operand = { data, dtype: 'float32', layout: { shape: [5, len], strides: [len, 1], offset: 0, storage: data.length } };
      for (const op of ['max', 'min', 'sum', 'argmax', 'argmin'] as const) {
        await check(op, a, [1], op.startsWith('arg') ? 'int32' : 'float32', op === 'sum' ? 1e-6 : 0);
      }
    }
  });

  it('sums int32 in integer arithmetic and bool into int32', async () => {
    const rand = rng(23);
    await check('sum', operand([7, 9], 'flipped', 'int32', rand, -1e9, 1e9), [1], 'int32'); // wraps
    await check('sum', operand([3, 400], 'transposed', 'int32', rand, -100, 100), [1], 'int32');
    await check('max', operand([7, 9], 'broadcast', 'int32', rand, -1e6, 1e6), [0], 'int32');
    await check('min', operand([3, 400], 'contiguous', 'int32', rand, -1e6, 1e6), [1], 'int32');
    await check('prod', operand([6, 5], 'contiguous', 'int32', rand, -4, 4), [1], 'int32');
    await check('sum', operand([6, 70], 'padded', 'bool', rand), [1], 'int32');
  });

  it('reduces axes that are not one block (a batch norm\'s 0, 2, 3) inner block first, in one-stride passes', async () => {
    const pipelines = (gpu as unknown as WebGPUBackend).rt['pipelines'] as Map<string, unknown>;
    const before = new Set(pipelines.keys());
    const rand = rng(31);
    for (const op of ['sum', 'prod', 'max', 'min'] as const) {
      const [lo, hi] = op === 'prod' ? [0.9, 1.1] : [-3, 3];
      await check(op, operand([4, 3, 5, 6], 'contiguous', 'float32', rand, lo, hi), [0, 2, 3], 'float32', 2e-6);
      await check(op, operand([3, 4, 2, 5], 'offset', 'float32', rand, lo, hi), [0, 1, 3], 'float32', 2e-6);
    }
    // Integer wrap-around and bool any (sum into bool) compose across the two passes.
    await check('sum', operand([3, 4, 7], 'contiguous', 'int32', rand, -1e9, 1e9), [0, 2], 'int32');
    await check('sum', operand([3, 4, 7], 'contiguous', 'bool', rand), [0, 2], 'bool');
    await check('prod', operand([3, 4, 7], 'contiguous', 'bool', rand), [0, 2], 'bool');
    const added = [...pipelines.keys()].filter((k) => !before.has(k) && k.startsWith('reduce:'));
    expect(added.length).toBeGreaterThan(0);
    expect(added.filter((k) => !/:r1:/.test(k)), 'every pass reduces one strided run').toEqual([]);
  });

  it('reduces a rank-1 view to a scalar and size-1 axes to a copy', async () => {
    const rand = rng(29);
    await check('sum', operand([10], 'flipped', 'float32', rand), [0], 'float32', 2e-6);
    await check('max', operand([4, 1, 3], 'transposed', 'float32', rand), [1], 'float32');
  });
});

describe.skipIf(!gpu)('webgpu reduce properties', () => {
  it('agrees with the CPU for random shapes, axis sets and layouts', async () => {
    const arb = fc
      .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 })
      .chain((shape) =>
        fc.record({
          shape: fc.constant(shape),
          axes: fc.subarray([...shape.keys()], { minLength: 1 }),
          kind: fc.constantFrom<LayoutKind>('contiguous', 'offset', 'transposed', 'flipped', 'padded', 'broadcast'),
          op: fc.constantFrom<ReduceOp>('sum', 'max', 'min', 'argmax'),
          seed: fc.integer({ min: 1, max: 1e9 }),
        }),
      );
    await fc.assert(
      fc.asyncProperty(arb, async ({ shape, axes, kind, op, seed }) => {
        const a = operand(shape, kind, 'float32', rng(seed));
        if (op === 'argmax') await check(op, a, [axes[0]], 'int32');
        else await check(op, a, axes, 'float32', 2e-6);
      }),
      { numRuns: 15, seed: 4321 },
    );
  });
});
