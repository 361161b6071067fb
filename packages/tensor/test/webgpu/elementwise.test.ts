import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Backend, BinaryOp, Storage, UnaryOp, View } from '../../src/backend.js';
import type { DType } from '../../src/dtype.js';
import { cpu, gpu } from '../support/backends.js';
import { LAYOUTS, expectClose, operand, rng, runBoth, type Operand } from './runtime-harness.js';

const g = gpu as Backend;

/** Domain and tolerance per unary op (f32 GPU against the CPU's correctly rounded f32). */
const UNARY: [UnaryOp, number, number, number][] = [
  // op, lo, hi, rtol
  ['identity', -5, 5, 0],
  ['neg', -5, 5, 0],
  ['abs', -5, 5, 0],
  ['sign', -5, 5, 0],
  ['exp', -10, 10, 2e-6],
  ['log', 1e-3, 50, 2e-6],
  ['log1p', -0.9, 5, 2e-6],
  ['sqrt', 0, 50, 2e-6],
  ['rsqrt', 1e-3, 50, 2e-6],
  ['square', -5, 5, 1e-7],
  ['sin', -6, 6, 2e-6],
  ['cos', -6, 6, 2e-6],
  ['tanh', -6, 6, 2e-6],
  ['sigmoid', -12, 12, 2e-6],
  ['relu', -5, 5, 0],
  ['gelu', -8, 6, 4e-6],
  ['erf', -4, 4, 2e-6],
];

async function checkUnary(op: UnaryOp, a: Operand, outDtype: DType, atol: number, rtol: number): Promise<void> {
  const { want, got } = await runBoth(cpu, g, [a], (be, [x]) => be.unary(op, x, outDtype), a.layout.shape);
  expectClose(got, want, atol, rtol, `${op} ${a.dtype}→${outDtype} strides [${a.layout.strides}]`);
}

describe.skipIf(!gpu)('webgpu unary', () => {
  it.each(UNARY)('%s matches the CPU on every layout', async (op, lo, hi, rtol) => {
    const rand = rng(op.length * 977 + 13);
    for (const kind of LAYOUTS) {
      const shape = kind === 'contiguous' ? [1000] : [3, 4, 5];
      await checkUnary(op, operand(shape, kind, 'float32', rand, lo, hi), 'float32', 1e-7, rtol);
    }
  });

  it('keeps accuracy near zero and at the extremes', async () => {
    const vals = [0, -0, 1e-30, -1e-30, 1e-6, -1e-6, 1e-3, -3e-3, 0.3, 0.49, 0.51, -0.7, 3.9, -9, 20, -20, 80, -80];
    const a: Operand = { data: Float32Array.from(vals), dtype: 'float32', layout: { shape: [vals.length], strides: [1], offset: 0, storage: vals.length } };
    for (const [op, rtol] of [['tanh', 2e-6], ['erf', 2e-6], ['gelu', 1e-5], ['sigmoid', 2e-6], ['sin', 2e-6]] as const) {
      await checkUnary(op, a, 'float32', 1e-30, rtol);
    }
    const pos = Float32Array.from([1e-30, 1e-7, -1e-7, 1e-4, 0.5, 10, 1e6]);
    await checkUnary('log1p', { ...a, data: pos, layout: { shape: [7], strides: [1], offset: 0, storage: 7 } }, 'float32', 1e-30, 2e-6);
  });

  it('reduces sin and cos arguments accurately (WGSL builtins only promise 2^-11)', async () => {
    const rand = rng(77);
    for (const op of ['sin', 'cos'] as const) {
      await checkUnary(op, operand([4000], 'contiguous', 'float32', rand, -200, 200), 'float32', 3e-7, 0);
    }
  });

  it('handles NaN and infinities like the CPU backend', async () => {
    const vals = [NaN, Infinity, -Infinity, 0, -1, 1];
    const a: Operand = { data: Float32Array.from(vals), dtype: 'float32', layout: { shape: [6], strides: [1], offset: 0, storage: 6 } };
    for (const op of ['isnan', 'not'] as const) await checkUnary(op, a, 'bool', 0, 0);
    for (const op of ['neg', 'abs', 'sign', 'exp', 'log', 'log1p', 'sqrt', 'rsqrt', 'relu', 'tanh', 'sigmoid', 'square', 'erf'] as const) await checkUnary(op, a, 'float32', 0, 2e-6);
  });

  it('runs int32 ops in integer arithmetic', async () => {
    const rand = rng(7);
    for (const op of ['neg', 'abs', 'sign', 'square', 'relu', 'identity'] as const) {
      await checkUnary(op, operand([4, 6], 'flipped', 'int32', rand, -1000, 1000), 'int32', 0, 0);
    }
    const big: Operand = { data: Int32Array.from([46341, -2147483647, 16777217]), dtype: 'int32', layout: { shape: [3], strides: [1], offset: 0, storage: 3 } };
    await checkUnary('square', big, 'int32', 0, 0); // wraps like int32
    await checkUnary('identity', big, 'int32', 0, 0);
  });

  it('casts between every pair of dtypes', async () => {
    const rand = rng(11);
    const dts: DType[] = ['float32', 'int32', 'bool'];
    for (const from of dts) {
      for (const to of dts) {
        await checkUnary('identity', operand([5, 7], 'transposed', from, rand, -40, 40), to, 0, 0);
        await checkUnary('identity', operand([5, 7], 'flipped', from, rand, -1.5, 1.5), to, 0, 0); // |x| < 1: truncates to 0, still true
      }
    }
  });
});

const FLOAT_BINARY: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'and', 'or'];
const isCompare = (op: BinaryOp) => ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'and', 'or'].includes(op);

async function checkBinary(op: BinaryOp, a: Operand, b: Operand, outDtype: DType, rtol: number): Promise<void> {
  const { want, got } = await runBoth(cpu, g, [a, b], (be, [x, y]) => be.binary(op, x, y, outDtype), a.layout.shape);
  expectClose(got, want, 0, rtol, `${op} ${a.dtype},${b.dtype}→${outDtype} a[${a.layout.strides}] b[${b.layout.strides}]`);
}

describe.skipIf(!gpu)('webgpu binary', () => {
  it.each(FLOAT_BINARY)('%s on float32 matches the CPU, broadcast and strided', async (op) => {
    const rand = rng(op.charCodeAt(0) * 31 + op.length);
    const out: DType = isCompare(op) ? 'bool' : 'float32';
    for (const [ka, kb] of [['contiguous', 'contiguous'], ['broadcast', 'flipped'], ['transposed', 'padded'], ['offset', 'broadcast']] as const) {
      const a = operand([3, 4, 5], ka, 'float32', rand);
      const b = operand([3, 4, 5], kb, 'float32', rand);
      // equal values matter for eq/le/ge: share some
      if (isCompare(op)) for (let i = 0; i < a.data.length && i < b.data.length; i += 3) b.data[i] = a.data[i];
      await checkBinary(op, a, b, out, 1e-7);
    }
  });

  it('pow handles negative bases, zero and non-integer exponents', async () => {
    const base = [-2, -2, -2, -0.5, 0, 0, 0, 2, 3, -3, 1, NaN, -8, 10, 1.5, -1.5, 2];
    const expo = [3, 2, 0.5, -3, 0, -1, 2, 10, -2, 5, NaN, 0, 1 / 3, 0.37, 40.5, 7, -0.5];
    const mk = (v: number[]): Operand => ({ data: Float32Array.from(v), dtype: 'float32', layout: { shape: [v.length], strides: [1], offset: 0, storage: v.length } });
    await checkBinary('pow', mk(base), mk(expo), 'float32', 4e-6);
    const rand = rng(5);
    await checkBinary('pow', operand([6, 7], 'padded', 'float32', rand, 0.1, 4), operand([6, 7], 'broadcast', 'float32', rand, -3, 3), 'float32', 1e-5);
  });

  it('maximum and minimum propagate NaN; comparisons with NaN are false', async () => {
    const a = [NaN, 1, NaN, -Infinity, 2];
    const b = [1, NaN, NaN, 3, Infinity];
    const mk = (v: number[]): Operand => ({ data: Float32Array.from(v), dtype: 'float32', layout: { shape: [5], strides: [1], offset: 0, storage: 5 } });
    for (const op of ['maximum', 'minimum'] as const) await checkBinary(op, mk(a), mk(b), 'float32', 0);
    for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const) await checkBinary(op, mk(a), mk(b), 'bool', 0);
  });

  it('int32 arithmetic stays in i32 (wrap-around) and bool logic works', async () => {
    const rand = rng(99);
    for (const op of ['add', 'sub', 'mul', 'maximum', 'minimum', 'eq', 'lt', 'ge'] as const) {
      const a = operand([4, 9], 'flipped', 'int32', rand, -50000, 50000);
      const b = operand([4, 9], 'broadcast', 'int32', rand, -50000, 50000);
      await checkBinary(op, a, b, isCompare(op) ? 'bool' : 'int32', 0);
    }
    const pa = operand([20], 'contiguous', 'int32', rand, -6, 6);
    const pb = operand([20], 'contiguous', 'int32', rand, 0, 9);
    await checkBinary('pow', pa, pb, 'int32', 0);
    for (const op of ['and', 'or'] as const) {
      await checkBinary(op, operand([3, 5], 'transposed', 'bool', rand), operand([3, 5], 'offset', 'bool', rand), 'bool', 0);
    }
  });
});

describe.skipIf(!gpu)('webgpu where, full, copyInto', () => {
  it('where selects per element with broadcast condition', async () => {
    const rand = rng(3);
    for (const dt of ['float32', 'int32'] as const) {
      const c = operand([4, 5], 'broadcast', 'bool', rand);
      const a = operand([4, 5], 'flipped', dt, rand);
      const b = operand([4, 5], 'padded', dt, rand);
      const { want, got } = await runBoth(cpu, g, [c, a, b], (be, [vc, va, vb]) => be.where(vc, va, vb, dt), [4, 5]);
      expectClose(got, want, 0, 0, `where ${dt}`);
    }
  });

  it('full fills every dtype', async () => {
    for (const [v, dt] of [[2.5, 'float32'], [-7, 'int32'], [1, 'bool'], [0, 'bool']] as const) {
      const s = g.full(1027, v, dt);
      const out = await g.read({ storage: s, dtype: dt, shape: [1027], strides: [1], offset: 0 });
      expect(out.every((x) => x === v)).toBe(true);
      g.free(s);
    }
  });

  it('copyInto writes strided destinations, also from an overlapping view of itself', async () => {
    const go = async (be: Backend) => {
      const base = be.upload(Float32Array.from({ length: 24 }, (_, i) => i), 'float32');
      const src = be.upload(Float32Array.from({ length: 6 }, (_, i) => 100 + i), 'float32');
      // column 1 and 3 of a 4x6 view: dst shape [2,3] strides [12, 2] offset 1
      be.copyInto({ storage: src, dtype: 'float32', shape: [2, 3], strides: [1, 2], offset: 0 }, { storage: base, dtype: 'float32', shape: [2, 3], strides: [12, 2], offset: 1 });
      // shift the first 12 right by one inside the same storage (overlapping)
      be.copyInto({ storage: base, dtype: 'float32', shape: [11], strides: [1], offset: 0 }, { storage: base, dtype: 'float32', shape: [11], strides: [1], offset: 1 });
      // flip the last row in place
      be.copyInto({ storage: base, dtype: 'float32', shape: [6], strides: [-1], offset: 23 }, { storage: base, dtype: 'float32', shape: [6], strides: [1], offset: 18 });
      const out = await be.read({ storage: base, dtype: 'float32', shape: [24], strides: [1], offset: 0 });
      be.free(base);
      be.free(src);
      return Array.from(out);
    };
    expect(await go(g)).toEqual(await go(cpu));
  });

  it('handles views bigger than one dispatch row (grid folding)', async () => {
    const n = 65535 * 8 * 64 + 77; // more than 65535 workgroups of 512 elements
    const a = g.full(n, 1.5, 'float32');
    const b = g.unary('neg', { storage: a, dtype: 'float32', shape: [n], strides: [1], offset: 0 } as View, 'float32') as Storage;
    const out = await g.read({ storage: b, dtype: 'float32', shape: [n], strides: [1], offset: 0 });
    expect(out[0]).toBe(-1.5);
    expect(out[n - 1]).toBe(-1.5);
    expect(out.every((x) => x === -1.5)).toBe(true);
    g.free(a);
    g.free(b);
  });
});

describe.skipIf(!gpu)('webgpu elementwise properties', () => {
  it('binary ops agree with the CPU on random shapes, layouts and broadcasts', async () => {
    const arb = fc.record({
      shape: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 4 }),
      ka: fc.constantFrom(...LAYOUTS),
      kb: fc.constantFrom(...LAYOUTS),
      op: fc.constantFrom<BinaryOp>('add', 'mul', 'maximum', 'lt', 'pow'),
      seed: fc.integer({ min: 1, max: 1e9 }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ shape, ka, kb, op, seed }) => {
        const rand = rng(seed);
        const a = operand(shape, ka, 'float32', rand, op === 'pow' ? 0.1 : -3, 3);
        await checkBinary(op, a, operand(shape, kb, 'float32', rand), op === 'lt' ? 'bool' : 'float32', op === 'pow' ? 1e-5 : 0);
      }),
      { numRuns: 12, seed: 1234 },
    );
  });
});
