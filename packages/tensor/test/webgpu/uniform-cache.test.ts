/** UniformCache: one buffer per distinct uniform content, LRU past its capacity (no GPU needed: a recording fake device). */
import { describe, expect, it } from 'vitest';
import { UniformCache } from '../../src/backends/webgpu/uniform-cache.js';

function fakeDevice() {
  const writes: { buffer: object; words: number[] }[] = [];
  let n = 0;
  const device = {
    createBuffer: (d: { size: number }) => ({ id: n++, size: d.size, destroyed: false, destroy() { this.destroyed = true; } }),
    queue: { writeBuffer: (buffer: object, _off: number, data: ArrayBuffer, byteOffset: number, byteLength: number) => writes.push({ buffer, words: Array.from(new Uint32Array(data, byteOffset, byteLength / 4)) }) },
  };
  return { device: device as unknown as GPUDevice, writes };
}

describe('UniformCache', () => {
  it('returns the same buffer for the same words, written once, padded to whole vec4s', () => {
    const { device, writes } = fakeDevice();
    const c = new UniformCache(device, () => {});
    const a = c.get(Uint32Array.of(1, 2, 3, 4, 5));
    expect(a.size).toBe(32);
    expect(c.get(Uint32Array.of(1, 2, 3, 4, 5))).toBe(a);
    // A view into a larger array is keyed and written by its own words only.
    expect(c.get(new Uint32Array(Uint32Array.of(9, 1, 2, 3, 4, 5).buffer, 4, 5))).toBe(a);
    const b = c.get(Uint32Array.of(1, 2, 3, 4, 6));
    expect(b).not.toBe(a);
    expect(c.created).toBe(2);
    expect(writes).toEqual([
      { buffer: a, words: [1, 2, 3, 4, 5] },
      { buffer: b, words: [1, 2, 3, 4, 6] },
    ]);
    expect(c.get(new Uint32Array(0)).size).toBe(16);
  });

  it('retires the least recently used content past its capacity, and makes it afresh when asked again', () => {
    const { device } = fakeDevice();
    const retired: GPUBuffer[] = [];
    const c = new UniformCache(device, (b) => retired.push(b), 2);
    const a = c.get(Uint32Array.of(1));
    const b = c.get(Uint32Array.of(2));
    expect(c.get(Uint32Array.of(1))).toBe(a); // a is now the most recent
    c.get(Uint32Array.of(3));
    expect(retired).toEqual([b]);
    expect(c.size).toBe(2);
    const b2 = c.get(Uint32Array.of(2));
    expect(b2).not.toBe(b);
    expect(retired).toEqual([b, a]);
    c.clear();
    expect(c.size).toBe(0);
  });
});
