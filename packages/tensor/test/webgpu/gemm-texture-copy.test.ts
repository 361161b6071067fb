/**
 * The texture GEMM's copied operands (gemm-texture-copy.ts) and broadcast operands
 * packed once, against the CPU backend: shapes at the copy's boundaries (rows that are
 * exactly whole texel rows, one texel short, offsets on and off a texel), batched,
 * broadcast and over more than one texture layer, B's column panels (copied one by one,
 * straddling layers, packed past MAX_PANEL_COPIES), plus the 1×1 convolution that
 * runs as a matmul with broadcast weights.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, View } from '../../src/backend.js';
import { MAX_PANEL_COPIES, copyable } from '../../src/backends/webgpu/kernels/gemm-texture-copy.js';
import { forceMatmulVariant } from '../../src/backends/webgpu/tuning/matmul-variant.js';
import { cpu, gpu } from '../support/backends.js';
import { convAgainstCpu as conv } from '../support/conv-against-cpu.js';
import { type Layout, expandDims, expectClose, freeAll, randomValues, readBoth, rng, upload } from './kernel-views.js';

const g = gpu as Backend;
const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

/** batch·[M, K] × batch·[K, N]; `bcast` stores that operand once and broadcasts it over the batch. */
async function mm(batch: number[], M: number, K: number, N: number, seed: number, o: { la?: Layout; lb?: Layout; bcast?: 'a' | 'b' } = {}): Promise<void> {
  const rand = rng(seed);
  const stored = (which: 'a' | 'b'): number[] => (o.bcast === which ? batch.map(() => 1) : batch);
  const a = upload(cpu, g, [...stored('a'), M, K], randomValues(size(stored('a')) * M * K, rand), o.la);
  const b = upload(cpu, g, [...stored('b'), K, N], randomValues(size(stored('b')) * K * N, rand), o.lb);
  const dims = batch.map((_, i) => i);
  const ex = (v: View, which: 'a' | 'b', tail: number[]): View => (o.bcast === which ? expandDims(v, [...batch, ...tail], dims) : v);
  const [ac, ag] = [ex(a.cpu, 'a', [M, K]), ex(a.gpu, 'a', [M, K])];
  const [bc, bg] = [ex(b.cpu, 'b', [K, N]), ex(b.gpu, 'b', [K, N])];
  const { want, got } = await readBoth(cpu, g, cpu.matmul(ac, bc, 'float64'), g.matmul(ag, bg, 'float32'), [...batch, M, N]);
  expectClose(got, want, K, `matmul ${JSON.stringify({ batch, M, K, N, o })}`);
  freeAll([a, b], cpu, g);
}

const buf = {} as GPUBuffer;

describe('which operands the texture GEMM copies', () => {
  it('needs whole texel rows, no padding, a texel-aligned offset and back-to-back batches', () => {
    // 64 columns = 16 texels: the smallest copyable row.
    expect(copyable({ buffer: buf, offset: 0, batchStride: 0 }, 4, 32, 64, 32, 16)).toBe(true);
    expect(copyable({ buffer: buf, offset: 4, batchStride: 32 * 64 }, 4, 32, 64, 32, 16)).toBe(true);
    expect(copyable({ buffer: buf, offset: 2, batchStride: 0 }, 4, 32, 64, 32, 16)).toBe(false);
    expect(copyable({ buffer: buf, offset: 0, batchStride: 0 }, 1, 32, 60, 32, 15)).toBe(false);
    expect(copyable({ buffer: buf, offset: 0, batchStride: 0 }, 1, 31, 64, 32, 16)).toBe(false);
    expect(copyable({ buffer: buf, offset: 0, batchStride: 0 }, 1, 32, 64, 32, 32)).toBe(false);
    expect(copyable({ buffer: buf, offset: 0, batchStride: 33 * 64 }, 2, 32, 64, 32, 16)).toBe(false);
  });
});

describe.skipIf(!gpu)('texture GEMM with copied and broadcast operands against the CPU backend', () => {
  afterAll(() => forceMatmulVariant(null));

  it('hands its operand textures to the next GEMM at once: back-to-back products read only at the end are each right', async () => {
    forceMatmulVariant('texture');
    const device = (g as unknown as { rt: { device: GPUDevice } }).rt.device;
    const create = device.createTexture;
    let created = 0;
    device.createTexture = (d: GPUTextureDescriptor) => (created++, create.call(device, d));
    try {
      // A shape no other test uses (so the pool starts without its textures), packed rather than copied.
      const [M, K, N] = [88, 44, 76];
      const rand = rng(11);
      const pairs = [0, 1, 2].map(() => [upload(cpu, g, [M, K], randomValues(M * K, rand)), upload(cpu, g, [K, N], randomValues(K * N, rand))]);
      // Recorded back to back with no sync between: each GEMM packs into the textures the one before it read.
      const outs = pairs.map(([a, b]) => ({ want: cpu.matmul(a.cpu, b.cpu, 'float64'), got: g.matmul(a.gpu, b.gpu, 'float32') }));
      expect(created).toBe(2);
      for (const [i, o] of outs.entries()) {
        const { want, got } = await readBoth(cpu, g, o.want, o.got, [M, N]);
        expectClose(got, want, K, `product ${i}`);
      }
      freeAll(pairs.flat(), cpu, g);
    } finally {
      device.createTexture = create;
    }
  });

  it('copies both operands at the copy boundaries', async () => {
    forceMatmulVariant('texture');
    await mm([], 128, 64, 128, 1);
    await mm([], 32, 64, 128, 2);
    await mm([], 32, 128, 256, 3);
    // One short of a copyable row or tile (packed), and odd K with a copyable B.
    await mm([], 128, 60, 128, 4);
    await mm([], 127, 64, 127, 5);
    await mm([], 129, 64, 129, 6);
    await mm([], 1, 64, 128, 7);
    await mm([], 64, 7, 128, 8);
  });

  it('copies from offset views only on a texel boundary', async () => {
    forceMatmulVariant('texture');
    await mm([], 64, 64, 128, 10, { la: { offset: 4 }, lb: { offset: 8 } });
    await mm([], 64, 64, 128, 11, { la: { offset: 3 }, lb: { offset: 1 } });
    await mm([2], 64, 64, 128, 12, { la: { order: [0, 2, 1] }, lb: { step: 2 } });
  });

  it('batched, and broadcast operands copied or packed once', async () => {
    forceMatmulVariant('texture');
    await mm([3], 64, 128, 256, 20);
    await mm([96], 128, 64, 128, 21);
    await mm([4], 32, 64, 128, 22, { bcast: 'a' });
    await mm([4], 32, 64, 128, 23, { bcast: 'b' });
    await mm([4], 33, 19, 65, 24, { bcast: 'a' });
    await mm([4], 33, 19, 65, 25, { bcast: 'b' });
    await mm([3], 1, 1, 1, 26, { bcast: 'b' });
  });

  it('copies operands taller than one texture layer (8192 rows)', async () => {
    forceMatmulVariant('texture');
    await mm([80], 128, 128, 128, 30);
  });

  it('B in column panels: panels that straddle texture layers, copied and packed', async () => {
    forceMatmulVariant('texture');
    // 5 batches × 2 panels × 1000 rows: the ninth panel spans rows 8000–8999 across the first layer's end.
    await mm([5], 16, 1000, 256, 31);
    // Odd K is packed: 5 × 2 × 1004 rows.
    await mm([5], 16, 1001, 256, 32);
    // Three panels, the last one partial (N = 300).
    await mm([2], 40, 64, 300, 33);
  });

  it('copies B panel by panel up to MAX_PANEL_COPIES copies, and packs it past them', async () => {
    forceMatmulVariant('texture');
    const rt = (g as unknown as { rt: { copyToTexture: (...a: unknown[]) => void } }).rt;
    const copy = rt.copyToTexture;
    let copies = 0;
    rt.copyToTexture = (...a: unknown[]) => (copies++, copy.apply(rt, a));
    try {
      // A (16 columns, 4 texels per row) is never copyable here: every copy is one of B's panels.
      const batches = MAX_PANEL_COPIES / 2;
      await mm([batches], 8, 16, 256, 34);
      expect(copies).toBe(MAX_PANEL_COPIES);
      copies = 0;
      await mm([batches + 1], 8, 16, 256, 35);
      expect(copies).toBe(0);
    } finally {
      rt.copyToTexture = copy;
    }
  });

  it('1×1 convolutions (broadcast weights) with copyable and packed operands', async () => {
    forceMatmulVariant('texture');
    await conv([2, 64, 8, 16], [32, 64, 1, 1], {}, 40, true);
    await conv([3, 64, 16, 16], [64, 64, 1, 1], {}, 41);
    await conv([2, 5, 6, 6], [7, 5, 1, 1], {}, 42, true);
  });
});
