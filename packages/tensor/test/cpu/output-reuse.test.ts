/**
 * The CPU backend hands the arrays of freed storages back out as kernel results
 * (src/backends/cpu/storage.ts). A recycled array holds stale values, so every kernel
 * that takes one must overwrite all of it; these tests poison freed arrays first.
 */
import { describe, expect, it } from 'vitest';
import { dataOf } from '../../src/backends/cpu/storage.js';
import { cpu, strided, values, view } from './helpers.js';

const N = 8192; // 32 KiB of float32: above the pool's minimum size

/** Frees a storage of n elements of dtype after filling it with NaN / 77, so a reuse is visible. */
function freePoisoned(n: number, dtype: 'float32' | 'float64' | 'int32' | 'bool' = 'float32') {
  const s = cpu.full(n, 0, dtype);
  const data = dataOf(s);
  data.fill(dtype === 'float32' || dtype === 'float64' ? NaN : 77);
  cpu.free(s);
  return data;
}

describe('cpu result arrays recycled from freed storages', () => {
  it('reuses a freed array of the same dtype and length, fully overwritten', () => {
    const xs = Array.from({ length: N }, (_, i) => i % 13);
    const x = view(xs, [N], 'float32');
    const poisoned = freePoisoned(N);
    const y = cpu.unary('square', x, 'float32');
    expect(dataOf(y)).toBe(poisoned);
    expect(values(y)).toEqual(xs.map((v) => v * v));
  });

  it('binary (broadcast), where, full, conv and cast results overwrite stale values', () => {
    const a = view(Array.from({ length: N }, (_, i) => i), [64, 128], 'float32');
    const row = strided(Array.from({ length: 128 }, (_, j) => j), [64, 128], [0, 1], 0, 'float32');
    freePoisoned(N);
    expect(values(cpu.binary('sub', a, row, 'float32'))).toEqual(Array.from({ length: N }, (_, i) => i - (i % 128)));
    freePoisoned(N, 'bool');
    expect(values(cpu.binary('lt', row, a, 'bool'))).toEqual(Array.from({ length: N }, (_, i) => (i % 128 < i ? 1 : 0)));
    freePoisoned(N);
    const c = view(Array.from({ length: N }, (_, i) => i % 2), [64, 128], 'bool');
    expect(values(cpu.where(c, a, row, 'float32'))).toEqual(Array.from({ length: N }, (_, i) => (i % 2 ? i : i % 128)));
    freePoisoned(N, 'int32');
    expect(values(cpu.full(N, 3, 'int32'))).toEqual(new Array(N).fill(3));
    freePoisoned(N, 'int32');
    expect(values(cpu.unary('identity', a, 'int32'))).toEqual(Array.from({ length: N }, (_, i) => i));
    // 1×1 conv over [1, 2, 64, 64] → [1, 2, 64, 64] (8192 outputs): y = 2·x, channels swapped.
    const x = view(Array.from({ length: N }, (_, i) => i % 50), [1, 2, 64, 64], 'float32');
    const w = view([0, 2, 2, 0], [2, 2, 1, 1], 'float32');
    freePoisoned(N);
    const y = values(cpu.conv2d(x, w, null, { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 }));
    expect(y).toEqual(Array.from({ length: N }, (_, i) => 2 * ((i + 4096) % N % 50)));
  });

  it('does not keep small arrays', () => {
    const poisoned = freePoisoned(16);
    expect(dataOf(cpu.full(16, 1, 'float32'))).not.toBe(poisoned);
  });
});
