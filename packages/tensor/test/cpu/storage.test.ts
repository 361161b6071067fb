import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/backends/cpu/index.js';
import { offsetsOf } from '../../src/backends/cpu/strided.js';
import { TensorError } from '../../src/errors.js';
import { cpu, strided, values, view } from './helpers.js';

describe('cpu storage and strided reads', () => {
  it('reports itself and supports every dtype', () => {
    expect(cpu.info()).toEqual({ backend: 'cpu', name: 'cpu' });
    for (const d of ['float32', 'float64', 'int32', 'bool'] as const) expect(cpu.supportsDType(d)).toBe(true);
  });

  it('walks shapes in row-major order through any strides', () => {
    expect(Array.from(offsetsOf([2, 3], [3, 1], 0))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(offsetsOf([2, 3], [1, 2], 0))).toEqual([0, 2, 4, 1, 3, 5]); // transposed
    expect(Array.from(offsetsOf([2, 3], [0, 1], 4))).toEqual([4, 5, 6, 4, 5, 6]); // broadcast rows
    expect(Array.from(offsetsOf([2, 2, 2], [-4, 1, -2], 6))).toEqual([6, 4, 7, 5, 2, 0, 3, 1]);
    expect(Array.from(offsetsOf([], [], 5))).toEqual([5]);
    expect(Array.from(offsetsOf([3, 0, 2], [0, 2, 1], 0))).toEqual([]);
  });

  it('reads negative-stride, broadcast and offset views as fresh contiguous arrays', async () => {
    const flipped = strided([0, 1, 2, 3, 4, 5], [2, 3], [-3, -1], 5, 'int32');
    const r = await cpu.read(flipped);
    expect(r).toBeInstanceOf(Int32Array);
    expect(Array.from(r)).toEqual([5, 4, 3, 2, 1, 0]);
    const bcast = strided([7, 8], [3, 2], [0, 1], 0, 'float32');
    expect(Array.from(await cpu.read(bcast))).toEqual([7, 8, 7, 8, 7, 8]);
    const contiguousTail = strided([9, 9, 1, 2, 3], [3], [1], 2);
    const out = await cpu.read(contiguousTail);
    expect(Array.from(out)).toEqual([1, 2, 3]);
    out[0] = 100; // a fresh array: the storage is untouched
    expect(Array.from(await cpu.read(contiguousTail))).toEqual([1, 2, 3]);
  });

  it('full fills with the dtype rounding rules', () => {
    expect(values(cpu.full(3, 2.7, 'int32'))).toEqual([2, 2, 2]);
    expect(values(cpu.full(2, 0.5, 'bool'))).toEqual([1, 1]);
    expect(values(cpu.full(1, 0.1, 'float32'))).toEqual([Math.fround(0.1)]);
    expect(values(cpu.full(0, 1, 'float64'))).toEqual([]);
  });

  it('upload copies and normalises bool to 0/1', () => {
    const src = new Float32Array([1, 2]);
    const s = cpu.upload(src, 'float32');
    src[0] = 5;
    expect(values(s)).toEqual([1, 2]);
    expect(values(cpu.upload(new Uint8Array([0, 3]), 'bool'))).toEqual([0, 1]);
  });

  it('copyInto writes through strided destinations, overlapping sources included', async () => {
    const dst = strided([0, 0, 0, 0, 0, 0], [2, 2], [1, 3], 1); // a transposed window
    cpu.copyInto(view([1, 2, 3, 4], [2, 2]), dst);
    expect(values(dst.storage)).toEqual([0, 1, 3, 0, 2, 4]);
    // Reverse a buffer in place through a negative-stride view of itself.
    const buf = strided([1, 2, 3, 4], [4], [1], 0);
    cpu.copyInto({ ...buf, strides: [-1], offset: 3 }, buf);
    expect(values(buf.storage)).toEqual([4, 3, 2, 1]);
  });

  it('tracks live bytes and rejects use after free', () => {
    const b = new CpuBackend();
    const a = b.full(10, 1, 'float64');
    const c = b.full(3, 1, 'bool');
    expect(b.bytesInUse()).toBe(83);
    const out = b.unary('neg', { storage: a, dtype: 'float64', shape: [10], strides: [1], offset: 0 }, 'float32');
    expect(b.bytesInUse()).toBe(123);
    b.free(a);
    b.free(out);
    expect(b.bytesInUse()).toBe(3);
    expect(() => b.free(a)).toThrow(TensorError);
    b.free(c);
    expect(b.bytesInUse()).toBe(0);
  });

  it('sync resolves and destroy is harmless', async () => {
    await expect(cpu.sync()).resolves.toBeUndefined();
    expect(() => new CpuBackend().destroy()).not.toThrow();
  });
});
