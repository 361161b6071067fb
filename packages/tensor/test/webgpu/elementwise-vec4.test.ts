/**
 * The vec4 elementwise kernel: taken when every operand is contiguous and 16-byte
 * aligned (or a broadcast scalar) and the count is a multiple of 4, else the scalar
 * kernel runs. Both must agree with the CPU; the pipeline keys show which one ran.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend.js';
import type { WebGPUBackend } from '../../src/backends/webgpu/index.js';
import type { DType } from '../../src/dtype.js';
import { cpu, gpu } from '../support/backends.js';
import { expectClose, randomData, rng, runBoth, type Operand } from './runtime-harness.js';

const g = gpu as Backend;

function flat(n: number, offset: number, dtype: DType, rand: () => number, stride = 1): Operand {
  const storage = offset + (stride === 0 ? 1 : n);
  return { data: randomData(storage, dtype, rand), dtype, layout: { shape: [n], strides: [stride], offset, storage } };
}

/** A contiguous activation of `shape` starting `off` floats into its buffer. */
function act(shape: number[], off: number, rand: () => number): Operand {
  const size = shape.reduce((p, q) => p * q, 1);
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((p, q) => p * q, 1));
  return { data: randomData(off + size, 'float32', rand), dtype: 'float32', layout: { shape, strides, offset: off, storage: off + size } };
}

/** [C] lined up as [1, C, 1, ...] over `shape`: one value per channel, read at stride 1 along axis 1. */
function perChannel(shape: number[], off: number, rand: () => number): Operand {
  return {
    data: randomData(off + shape[1], 'float32', rand, 0.5, 2),
    dtype: 'float32',
    layout: { shape, strides: shape.map((_, d) => (d === 1 ? 1 : 0)), offset: off, storage: off + shape[1] },
  };
}

/** Pipeline keys compiled while `fn` runs. */
async function newKeys(fn: () => Promise<void>): Promise<string[]> {
  const pipelines = (gpu as unknown as WebGPUBackend).rt['pipelines'] as Map<string, unknown>;
  const before = new Set(pipelines.keys());
  await fn();
  return [...pipelines.keys()].filter((k) => !before.has(k));
}

describe.skipIf(!gpu)('webgpu vec4 elementwise', () => {
  const rand = rng(4242);

  it('runs aligned contiguous binary ops, with and without a scalar operand, as vec4', async () => {
    for (const [n, offA, offB, strideB] of [[4, 0, 0, 1], [4096 + 12, 4, 8, 1], [36, 0, 5, 0]] as const) {
      for (const dt of ['float32', 'int32'] as const) {
        const a = flat(n, offA, dt, rand);
        const b = flat(n, offB, dt, rand, strideB);
        const keys = await newKeys(async () => {
          for (const op of dt === 'float32' ? (['mul', 'gt'] as const) : (['add'] as const)) {
            const out = op === 'gt' ? 'bool' : dt;
            const { want, got } = await runBoth(cpu, g, [a, b], (be, [x, y]) => be.binary(op, x, y, out), [n]);
            expectClose(got, want, 1e-6, 1e-6, `${op} ${dt} n=${n} offsets ${offA},${offB} stride ${strideB}`);
          }
        });
        expect(keys.every((k) => !k.startsWith('map:binary')), keys.join(' ')).toBe(true);
      }
    }
  });

  it('runs per-row and per-column broadcasts over [rows, cols] as vec4 when cols % 4 == 0', async () => {
    const mat = (r: number, c: number, off: number): Operand => ({ data: randomData(off + r * c, 'float32', rand), dtype: 'float32', layout: { shape: [r, c], strides: [c, 1], offset: off, storage: off + r * c } });
    const perRow = (r: number, c: number, off: number): Operand => ({ data: randomData(off + r, 'float32', rand, 0.5, 2), dtype: 'float32', layout: { shape: [r, c], strides: [1, 0], offset: off, storage: off + r } });
    const perCol = (r: number, c: number, off: number): Operand => ({ data: randomData(off + c, 'float32', rand), dtype: 'float32', layout: { shape: [r, c], strides: [0, 1], offset: off, storage: off + c } });
    const cases: [string, Operand, Operand, boolean][] = [
      ['row broadcast (softmax divide)', mat(5, 12, 0), perRow(5, 12, 3), true],
      ['column broadcast (bias)', mat(7, 8, 4), perCol(7, 8, 4), true],
      ['row broadcast first', perRow(3, 16, 0), mat(3, 16, 0), true],
      ['unaligned bias: scalar kernel', mat(7, 8, 0), perCol(7, 8, 1), false],
      ['odd columns: scalar kernel', mat(3, 6, 0), perRow(3, 6, 0), false],
    ];
    for (const [what, a, b, vec] of cases) {
      const keys = await newKeys(async () => {
        const { want, got } = await runBoth(cpu, g, [a, b], (be, [x, y]) => be.binary('div', x, y, 'float32'), a.layout.shape);
        expectClose(got, want, 0, 1e-6, what);
      });
      if (keys.length > 0) expect(keys.some((k) => k.startsWith('map4:')), `${what}: ${keys.join(' ')}`).toBe(vec);
    }
  });

  it('runs per-channel operands over [N, C, H·W] (batch norm) as vec4 when H·W % 4 == 0', async () => {
    const cases: [string, Operand, Operand, boolean][] = [
      ['x − mean over [2, 3, 4, 4]', act([2, 3, 4, 4], 0, rand), perChannel([2, 3, 4, 4], 0, rand), true],
      ['rstd · x over [3, 5, 2, 6], offsets', perChannel([3, 5, 2, 6], 3, rand), act([3, 5, 2, 6], 8, rand), true],
      ['[N, C, L] of [4, 7, 8]', act([4, 7, 8], 4, rand), perChannel([4, 7, 8], 1, rand), true],
      ['H·W = 9: scalar kernel', act([2, 3, 3, 3], 0, rand), perChannel([2, 3, 3, 3], 0, rand), false],
      ['unaligned activation: scalar kernel', act([2, 3, 4, 4], 2, rand), perChannel([2, 3, 4, 4], 0, rand), false],
    ];
    for (const [what, a, b, vec] of cases) {
      for (const op of ['sub', 'mul'] as const) {
        const keys = await newKeys(async () => {
          const { want, got } = await runBoth(cpu, g, [a, b], (be, [x, y]) => be.binary(op, x, y, 'float32'), a.layout.shape);
          expectClose(got, want, 0, 1e-6, `${op}: ${what}`);
        });
        if (keys.length > 0) expect(keys.some((k) => k.startsWith('map4:')), `${op}: ${what}: ${keys.join(' ')}`).toBe(vec);
      }
    }
  });

  it('runs shiftScale (four inputs) with per-channel shift, scale and offset as vec4', async () => {
    // Batch norm's forward (all per-channel) and backward (a full-size scale, then a full-size offset).
    const s = [2, 3, 4, 4];
    const cases: [string, Operand[], boolean][] = [
      ['(x − mean)·a + b', [act(s, 0, rand), perChannel(s, 0, rand), perChannel(s, 1, rand), perChannel(s, 2, rand)], true],
      ['(x − mean)·g', [act(s, 4, rand), perChannel(s, 0, rand), act(s, 8, rand), perChannel(s, 3, rand)], true],
      ['(g − 0)·p + t', [act(s, 0, rand), perChannel(s, 1, rand), perChannel(s, 2, rand), act(s, 4, rand)], true],
      ['H·W = 9: scalar kernel', [act([2, 3, 3, 3], 0, rand), perChannel([2, 3, 3, 3], 0, rand), perChannel([2, 3, 3, 3], 1, rand), perChannel([2, 3, 3, 3], 2, rand)], false],
    ];
    for (const [what, ops, vec] of cases) {
      const keys = await newKeys(async () => {
        const { want, got } = await runBoth(cpu, g, ops, (be, [x, sh, sc, of]) => be.shiftScale(x, sh, sc, of, 'float32'), ops[0].layout.shape);
        expectClose(got, want, 1e-6, 1e-6, what);
      });
      if (keys.length > 0) expect(keys.some((k) => k.startsWith('map4:shiftScale')), `${what}: ${keys.join(' ')}`).toBe(vec);
    }
  });

  it('runs where (three inputs, a bool condition) as vec4', async () => {
    const n = 64;
    const c: Operand = { data: Uint8Array.from({ length: n }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0), dtype: 'bool', layout: { shape: [n], strides: [1], offset: 0, storage: n } };
    const { want, got } = await runBoth(cpu, g, [c, flat(n, 4, 'float32', rand), flat(n, 0, 'float32', rand, 0)], (be, [vc, va, vb]) => be.where(vc, va, vb, 'float32'), [n]);
    expectClose(got, want, 0, 0, 'where');
  });

  it('falls back to the scalar kernel for unaligned offsets, odd counts and strided views', async () => {
    for (const [n, offA, strideA] of [[8, 2, 1], [7, 0, 1], [8, 0, 2], [1, 0, 1]] as const) {
      const a = flat(n, offA, 'float32', rand, strideA);
      if (strideA === 2) a.data = randomData(2 * n, 'float32', rand);
      a.layout.storage = a.data.length;
      const b = flat(n, 0, 'float32', rand);
      const keys = await newKeys(async () => {
        const { want, got } = await runBoth(cpu, g, [a, b], (be, [x, y]) => be.binary('div', x, y, 'float32'), [n]);
        expectClose(got, want, 0, 1e-6, `div n=${n} offset ${offA} stride ${strideA}`);
      });
      expect(keys.some((k) => k.startsWith('map4:')), keys.join(' ')).toBe(false);
    }
  });
});
