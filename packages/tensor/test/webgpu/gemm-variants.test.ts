/**
 * Every GEMM variant (forced), against the CPU backend, at its tile boundaries: sizes
 * 1, tile−1, tile, tile+1 and odd K, plus batched, transposed, broadcast operands and
 * the three convolution GEMMs (1×1 included). The variant a test runs must not depend
 * on what the adapter's tuning chose, so each block pins one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, View } from '../../src/backend.js';
import { TILE_32, TILE_64, gemmVariant } from '../../src/backends/webgpu/kernels/gemm.js';
import type { WebGPUBackend } from '../../src/backends/webgpu/webgpu-backend.js';
import { forceTextureGemmForm, subgroupFormSupported, subgroupRm, textureRm, type TextureGemmForm } from '../../src/backends/webgpu/kernels/gemm-texture.js';
import { MATMUL_VARIANTS, forceMatmulVariant, type MatmulVariant } from '../../src/backends/webgpu/tuning/matmul-variant.js';
import { cpu, gpu } from '../support/backends.js';
import { convAgainstCpu as conv } from '../support/conv-against-cpu.js';
import { type Layout, expandDims, expectClose, freeAll, randomValues, readBoth, rng, upload } from './kernel-views.js';

const g = gpu as Backend;
const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

async function mm(batch: number[], M: number, K: number, N: number, seed: number, la: Layout = {}, lb: Layout = {}, bcastA: number[] = []): Promise<void> {
  const rand = rng(seed);
  const aStored = batch.map((d, i) => (bcastA.includes(i) ? 1 : d));
  const a = upload(cpu, g, [...aStored, M, K], randomValues(size(aStored) * M * K, rand), la);
  const b = upload(cpu, g, [...batch, K, N], randomValues(size(batch) * K * N, rand), lb);
  const ex = (v: View): View => expandDims(v, [...batch, M, K], bcastA);
  const { want, got } = await readBoth(cpu, g, cpu.matmul(ex(a.cpu), b.cpu, 'float64'), g.matmul(ex(a.gpu), b.gpu, 'float32'), [...batch, M, N]);
  expectClose(got, want, K, `matmul ${JSON.stringify({ batch, M, K, N, la, lb })}`);
  freeAll([a, b], cpu, g);
}

/** Boundary sizes per variant: [tile rows, tile cols, k step]. */
const TILES: Record<MatmulVariant, [number, number, number][]> = {
  shared: [
    [TILE_32.tm, TILE_32.tn, TILE_32.tk],
    [TILE_64.tm, TILE_64.tn, TILE_64.tk],
  ],
  // Rows per workgroup grow with M (textureRm): 4·8, 8·8 and 16·8 rows.
  texture: [
    [32, 128, 4],
    [64, 128, 4],
    [128, 128, 4],
  ],
};

describe.skipIf(!gpu)('every GEMM variant against the CPU backend', () => {
  afterAll(() => forceMatmulVariant(null));
  afterAll(() => forceTextureGemmForm(null));

  for (const v of MATMUL_VARIANTS) {
    describe(v, () => {
      it('runs the forced variant', () => {
        forceMatmulVariant(v);
        const rt = (g as WebGPUBackend).rt;
        expect(gemmVariant(rt, { elem: 'f32', batch: 1, m: 64, n: 64, k: 64 })).toBe(v);
        expect(gemmVariant(rt, { elem: 'i32', batch: 1, m: 64, n: 64, k: 64 })).toBe('shared');
      });

      it('sizes 1, tile−1, tile, tile+1 with odd K', async () => {
        if (v === 'texture') expect([textureRm(63), textureRm(64), textureRm(127), textureRm(128)]).toEqual([4, 8, 8, 16]);
        forceMatmulVariant(v);
        let seed = 1;
        for (const [tm, tn, tk] of TILES[v]) {
          await mm([], 1, 1, 1, seed++);
          await mm([], tm - 1, 2 * tk + 1, tn - 1, seed++);
          await mm([], tm, tk, tn, seed++);
          await mm([], tm, 3 * tk, tn, seed++);
          await mm([], tm + 1, tk - 1, tn + 1, seed++);
          await mm([], 2 * tm, 5, 2 * tn, seed++);
          await mm([], 1, tk + 1, tn, seed++);
          await mm([], tm, 7, 1, seed++);
        }
      });

      it('batched, transposed, strided and broadcast operands', async () => {
        forceMatmulVariant(v);
        await mm([3], 33, 19, 65, 20, { order: [0, 2, 1] }, { order: [0, 2, 1] });
        await mm([2, 3], 17, 9, 130, 21, { flip: [2], offset: 3 }, { step: 2 }, [0]);
        await mm([5], 1, 64, 3, 22, {}, { order: [0, 2, 1] });
      });

      it('operands taller than one texture layer (8192 rows)', async () => {
        forceMatmulVariant(v);
        await mm([300], 31, 5, 3, 23);
        await mm([], 2, 8201, 3, 24);
      });

      it('conv2d forward and both gradients, 1×1 included', async () => {
        forceMatmulVariant(v);
        await conv([2, 3, 7, 9], [33, 3, 3, 3], { padding: [1, 1] }, 30, true);
        await conv([2, 5, 6, 6], [7, 5, 1, 1], {}, 31, true);
        await conv([2, 4, 9, 8], [6, 2, 3, 2], { groups: 2, stride: [2, 1], padding: [1, 0], dilation: [1, 2] }, 32);
        await conv([1, 4, 5, 5], [4, 1, 3, 3], { groups: 4, padding: [1, 1] }, 33);
      });
    });
  }

  // The texture variant's two forms. Rows per tile: plain 32, 64, 128 (textureRm·8);
  // subgroup 8 below M = 128, 16 from there and 64 for large products (subgroupRm;
  // one workgroup row = one 8-lane subgroup).
  // Each list holds tile−1, tile, tile+1 around every tile height of its form; N
  // straddles the 128 columns of a workgroup and K is odd or short.
  const FORMS: [TextureGemmForm, number[]][] = [
    ['plain', [31, 32, 33, 63, 64, 65, 127, 128, 129]],
    ['subgroup', [1, 7, 8, 9, 63, 64, 65, 127, 128, 129, 143, 144, 145]],
  ];
  for (const [form, rows] of FORMS) {
    describe(`texture, ${form} form`, () => {
      it('sizes 1, tile−1, tile, tile+1 with odd K', async ({ skip }) => {
        if (form === 'subgroup' && !subgroupFormSupported((g as WebGPUBackend).rt)) skip();
        forceMatmulVariant('texture');
        forceTextureGemmForm(form);
        try {
          let seed = 100;
          const ns = [127, 128, 129, 5];
          const ks = [9, 4, 7, 13];
          for (const [i, m] of rows.entries()) await mm([], m, ks[i % 4], ns[i % 4], seed++);
          await mm([2], 17, 33, 130, seed++);
          await mm([300], 31, 5, 3, seed++);
          if (form === 'subgroup') {
            // Large products take 64-row blocks: tile−1, tile, tile+1 around 9·64 rows,
            // whole and partial 128-column tiles, odd K, and a batch of padded tiles.
            const big = (m: number, n: number, k: number): number => subgroupRm({ m, n, k });
            expect([big(512, 256, 256), big(511, 256, 256), big(512, 255, 256), big(512, 256, 255)]).toEqual([64, 16, 16, 16]);
            await mm([], 512, 257, 256, seed++);
            await mm([], 575, 256, 257, seed++);
            await mm([], 576, 256, 256, seed++);
            await mm([], 577, 261, 384, seed++);
            await mm([2], 520, 256, 260, seed++, { order: [0, 2, 1] });
          }
          await conv([2, 3, 7, 9], [33, 3, 3, 3], { padding: [1, 1] }, seed++, true);
        } finally {
          forceTextureGemmForm(null);
        }
      });
    });
  }
});
