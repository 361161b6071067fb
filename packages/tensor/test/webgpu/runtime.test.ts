import { describe, expect, it } from 'vitest';
import { createWebGPUBackend, type WebGPUBackend } from '../../src/backends/webgpu/index.js';
import { DISPATCHES_PER_SUBMIT } from '../../src/backends/webgpu/runtime.js';
import { gridFor } from '../../src/backends/webgpu/grid.js';
import { sizeClass } from '../../src/backends/webgpu/buffer-pool.js';
import { packUniforms, uword } from '../../src/backends/webgpu/uniforms.js';
import { BackendError, DTypeError } from '../../src/errors.js';
import type { View } from '../../src/backend.js';
import { gpu } from '../support/backends.js';

const view = (storage: View['storage'], shape: number[], strides: number[], offset = 0): View => ({
  storage,
  dtype: storage.dtype,
  shape,
  strides,
  offset,
});

describe('webgpu helpers', () => {
  it('folds large workgroup counts into y and z', () => {
    for (const n of [1, 65535, 65536, 1e6, 65535 * 65535 + 7]) {
      const [x, y, z] = gridFor(n);
      expect(Math.max(x, y, z)).toBeLessThanOrEqual(65535);
      expect(x * y * z).toBeGreaterThanOrEqual(n);
      expect(x * y * z - n).toBeLessThan(x * y); // at most one partial z-slab wasted
    }
  });
  it('rounds sizes to classes that waste at most 25%', () => {
    for (const b of [1, 15, 16, 17, 255, 257, 1000, 4096, 4097, 123457]) {
      const c = sizeClass(b);
      expect(c).toBeGreaterThanOrEqual(Math.max(16, b));
      expect(c % 4).toBe(0);
      if (b > 256) expect(c / b).toBeLessThanOrEqual(1.25);
    }
  });
  it('packs uniform words and names their accessors', () => {
    const w = packUniforms([1, -2, 1.5], ['u32', 'i32', 'f32']);
    expect(Array.from(w.slice(0, 3))).toEqual([1, 0xfffffffe, 0x3fc00000]);
    expect(uword(7)).toBe('params[1].w');
    expect(uword(4, 'f32')).toBe('bitcast<f32>(params[1].x)');
  });
});

describe.skipIf(!gpu)('webgpu runtime', () => {
  const g = gpu as unknown as WebGPUBackend;

  it('uploads and reads every dtype, and rejects float64', async () => {
    const f = g.upload(new Float32Array([1.5, -2, 3]), 'float32');
    const i = g.upload(new Int32Array([7, -8, 2147483647]), 'int32');
    const b = g.upload(new Uint8Array([1, 0, 1, 1]), 'bool');
    expect(Array.from(await g.read(view(f, [3], [1])))).toEqual([1.5, -2, 3]);
    expect(Array.from(await g.read(view(i, [3], [1])))).toEqual([7, -8, 2147483647]);
    const rb = await g.read(view(b, [4], [1]));
    expect(rb).toBeInstanceOf(Uint8Array);
    expect(Array.from(rb)).toEqual([1, 0, 1, 1]);
    expect(() => g.upload(new Float64Array([1]), 'float64')).toThrow(DTypeError);
    expect(g.supportsDType('float64')).toBe(false);
    for (const s of [f, i, b]) g.free(s);
  });

  it('reads strided, offset, broadcast and negative-stride views', async () => {
    const s = g.upload(Float32Array.from({ length: 12 }, (_, k) => k), 'float32');
    // transpose of a 3x4
    expect(Array.from(await g.read(view(s, [4, 3], [1, 4])))).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    // contiguous slice with an offset (no kernel needed)
    expect(Array.from(await g.read(view(s, [2, 2], [2, 1], 5)))).toEqual([5, 6, 7, 8]);
    // reversed rows of the 3x4, then every other column
    expect(Array.from(await g.read(view(s, [3, 2], [-4, 2], 8)))).toEqual([8, 10, 4, 6, 0, 2]);
    // broadcast
    expect(Array.from(await g.read(view(s, [2, 3], [0, 1], 1)))).toEqual([1, 2, 3, 1, 2, 3]);
    // rank 0
    expect(Array.from(await g.read(view(s, [], [], 11)))).toEqual([11]);
    g.free(s);
  });

  it('counts live bytes; reuses a buffer freed in the open encoder for kernel outputs at once, for uploads only after completion', async () => {
    const src = g.upload(new Float32Array(1000).fill(-2), 'float32');
    type S = { buffer: GPUBuffer };
    const viaKernel = (op: 'neg' | 'abs', from: object = src) => g.unary(op, view(from as never, [1000], [1]), 'float32') as unknown as S;
    const first3 = async (s: S) => Array.from((await g.read(view(s as never, [1000], [1]))).slice(0, 3));
    const before = g.bytesInUse();
    const x = g.upload(Float32Array.from({ length: 1000 }, (_, i) => i + 1), 'float32') as unknown as S;
    expect(g.bytesInUse()).toBe(before + 4000);
    const y = viaKernel('neg', x); // reads x in the open encoder
    g.free(x as never);
    expect(g.bytesInUse()).toBe(before + 4000);
    // An upload must not take x's buffer: queue.writeBuffer would land before y's dispatch runs.
    const u = g.upload(new Float32Array(1000).fill(7), 'float32') as unknown as S;
    expect(u.buffer).not.toBe(x.buffer);
    // A kernel output may: the queue runs it after y's dispatch has read x.
    const z = viaKernel('abs');
    expect(z.buffer).toBe(x.buffer);
    expect(await first3(y)).toEqual([-1, -2, -3]);
    expect(await first3(z)).toEqual([2, 2, 2]);
    expect(await first3(u)).toEqual([7, 7, 7]);
    // Once the submissions that used it have completed, an upload may take a freed buffer.
    g.free(y as never);
    await g.sync();
    const v = g.upload(new Float32Array(1000).fill(3), 'float32') as unknown as S;
    expect(v.buffer).toBe(y.buffer);
    expect(await first3(v)).toEqual([3, 3, 3]);
    for (const s of [z, u, v, src]) g.free(s as never);
    expect(g.bytesInUse()).toBe(before - 4000);
  });

  it('fills small tensors from the host without a dispatch, large ones with one', async () => {
    const d0 = g.rt.stats.dispatches;
    const small = g.full(1000, 0.25, 'float32');
    expect(g.rt.stats.dispatches).toBe(d0);
    const large = g.full(20000, -3, 'int32');
    expect(g.rt.stats.dispatches).toBe(d0 + 1);
    expect((await g.read(view(small, [1000], [1]))).every((x) => x === 0.25)).toBe(true);
    expect((await g.read(view(large, [20000], [1]))).every((x) => x === -3)).toBe(true);
    g.free(small);
    g.free(large);
  });

  it('caches bind groups: the same buffers bound again create none', async () => {
    const x = g.upload(new Float32Array(64).fill(1), 'float32');
    const y = g.binary('add', view(x, [64], [1]), view(x, [64], [1]), 'float32');
    const made = g.rt.stats.bindGroups;
    const outs = [];
    // the pool hands y's class of buffer out again only after completion: hold the outputs
    for (let k = 0; k < 3; k++) {
      await g.sync();
      const z = g.binary('add', view(x, [64], [1]), view(y, [64], [1]), 'float32');
      outs.push(z);
      g.free(z);
    }
    await g.sync();
    expect(Array.from((await g.read(view(y, [64], [1]))).slice(0, 2))).toEqual([2, 2]);
    // three adds with the same inputs: the output buffer comes back from the pool each time
    expect(g.rt.stats.bindGroups - made).toBeLessThanOrEqual(1);
    for (const s of [x, y]) g.free(s);
  });

  it('submits by itself every N dispatches and keeps results right', async () => {
    const submits = g.rt.stats.submits;
    let x = g.full(256, 0, 'float32');
    const one = g.full(256, 1, 'float32');
    const N = DISPATCHES_PER_SUBMIT * 2 + 5;
    for (let k = 0; k < N; k++) {
      const y = g.binary('add', view(x, [256], [1]), view(one, [256], [1]), 'float32');
      g.free(x);
      x = y;
    }
    expect(g.rt.stats.submits - submits).toBeGreaterThanOrEqual(2);
    const out = await g.read(view(x, [256], [1]));
    expect(out[0]).toBe(N);
    expect(out[255]).toBe(N);
    g.free(x);
    g.free(one);
  });

  it.skipIf(!g?.device.features.has('timestamp-query'))('profiles GPU time per pipeline key', async () => {
    const x = g.upload(new Float32Array(4096).fill(1), 'float32');
    const v = view(x, [4096], [1]);
    g.rt.startProfile();
    const outs = [g.unary('exp', v, 'float32'), g.unary('exp', v, 'float32'), g.binary('add', v, v, 'float32')];
    const res = await g.rt.stopProfile();
    const exp = res.find((e) => e.key.includes('unary:exp'));
    const add = res.find((e) => e.key.includes('binary:add'));
    expect(exp?.dispatches).toBe(2);
    expect(add?.dispatches).toBe(1);
    for (const e of res) expect(e.gpuMs).toBeGreaterThanOrEqual(0);
    expect(Array.from((await g.read(view(outs[2], [4096], [1]))).slice(0, 2))).toEqual([2, 2]);
    await expect(g.rt.stopProfile()).rejects.toThrow(/without startProfile/);
    for (const s of [x, ...outs]) g.free(s);
  });

  it('reports a shader error from the next read', async () => {
    g.rt.dispatch({
      key: 'test:broken',
      code: () => '@compute @workgroup_size(1) fn main() { let x: u32 = undefined_thing; }',
      uniforms: [0],
      buffers: [],
      workgroups: [1, 1, 1],
    });
    const s = g.full(4, 1, 'float32');
    await expect(g.read(view(s, [4], [1]))).rejects.toThrow(/test:broken/);
    g.free(s);
    // the error is reported once; the backend keeps working
    const t = g.full(4, 2, 'float32');
    expect(Array.from(await g.read(view(t, [4], [1])))).toEqual([2, 2, 2, 2]);
    g.free(t);
  });
});

describe.skipIf(!gpu)('webgpu device loss', () => {
  it('turns a lost device into BackendErrors instead of hangs', async () => {
    const r = await createWebGPUBackend();
    if (!('backend' in r)) throw new Error(r.reason);
    const g = r.backend;
    const s = g.upload(new Float32Array([1, 2, 3]), 'float32');
    const pending = g.read(view(s, [3], [1]));
    g.device.destroy();
    // a read in flight may finish or fail, but must settle
    const settled = await pending.then((v) => v, (e: unknown) => e);
    expect(settled instanceof Float32Array || settled instanceof BackendError).toBe(true);
    await expect(g.read(view(s, [3], [1]))).rejects.toThrow(BackendError);
    await expect(g.read(view(s, [3], [1]))).rejects.toThrow(/lost|destroyed/);
    expect(() => g.full(3, 1, 'float32')).toThrow(BackendError);
    g.destroy();
  });
});
