import { describe, expect, it } from 'vitest';
import type { Backend, RandomParams } from '../../src/backend.js';
import type { DType, TypedArray } from '../../src/dtype.js';
import { cpu, gpu } from '../support/backends.js';
import { expectClose } from './runtime-harness.js';

const g = gpu as Backend;

async function draw(be: Backend, size: number, p: RandomParams, dtype: DType): Promise<TypedArray> {
  const s = be.random(size, p, dtype);
  const out = await be.read({ storage: s, dtype, shape: [size], strides: [1], offset: 0 });
  be.free(s);
  return out;
}

const STREAMS: { key: [number, number]; counter: [number, number] }[] = [
  { key: [0, 0], counter: [0, 0] },
  { key: [0x12345678, 0x9abcdef0], counter: [7, 0] },
  { key: [0xdeadbeef, 0xcafef00d], counter: [0xfffffffe, 5] }, // low counter word carries into the high one
  { key: [1, 2], counter: [0xffffffff, 0xffffffff] }, // 64-bit counter wraps
];

describe.skipIf(!gpu)('webgpu random (Philox4x32-10)', () => {
  it('matches the Random123 known answer', async () => {
    const bits = await draw(g, 4, { kind: 'bits', key: [0, 0], counter: [0, 0] }, 'int32');
    expect(Array.from(bits, (w) => w >>> 0)).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
  });

  it('produces the same bits and uniforms as the CPU backend, bit for bit', async () => {
    for (const s of STREAMS) {
      for (const size of [1, 4, 7, 1001]) {
        for (const [kind, dtype] of [['bits', 'int32'], ['uniform', 'float32']] as const) {
          const p: RandomParams = { kind, ...s };
          expect(Array.from(await draw(g, size, p, dtype)), `${kind} ${JSON.stringify(s)} size ${size}`).toEqual(Array.from(await draw(cpu, size, p, dtype)));
        }
      }
    }
  });

  it('produces normals within f32 rounding of the CPU backend', async () => {
    for (const s of STREAMS) {
      const p: RandomParams = { kind: 'normal', ...s };
      const got = await draw(g, 4003, p, 'float32');
      const want = await draw(cpu, 4003, p, 'float32');
      expectClose(got, want, 4e-6, 4e-6, `normal ${JSON.stringify(s)}`);
    }
  });

  it('has the right moments on a large draw', async () => {
    const n = 1 << 20;
    const u = await draw(g, n, { kind: 'uniform', key: [3, 4], counter: [0, 0] }, 'float32');
    const z = await draw(g, n, { kind: 'normal', key: [3, 4], counter: [0, 0] }, 'float32');
    const mean = (a: ArrayLike<number>) => {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i];
      return s / a.length;
    };
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(0.002);
    let lo = 1;
    let hi = 0;
    for (const v of u) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(mean(z))).toBeLessThan(0.005);
    expect(Math.abs(mean(Array.from(z, (v) => v * v)) - 1)).toBeLessThan(0.01);
  });
});
