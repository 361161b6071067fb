/**
 * The texture-read convolution kernels on batches with many pixels: N·H·W past 32768
 * (8192 texels of four columns, one texture row), a 64×64 feature map at batch 32 is
 * 131072 pixels. The direct kernels pack images over array layers, so they must run
 * there, and must fall back to the GEMM, correctly, where their own image layout does
 * not fit. The GEMM texture variant stores B in column panels, so it takes such widths
 * too, up to 256 layers of 8192 panel rows.
 * Each case checks forward, input and weight gradient against the CPU backend and
 * which kernels ran (pipeline keys of the recorded dispatches).
 */
import { describe, expect, it } from 'vitest';
import type { Conv2dParams } from '../../src/backend.js';
import { gemmVariant } from '../../src/backends/webgpu/kernels/gemm.js';
import { convWantsTexture } from '../../src/backends/webgpu/kernels/conv-texture-ops.js';
import type { WebGPUBackend } from '../../src/backends/webgpu/webgpu-backend.js';
import { gpu } from '../support/backends.js';
import { convAgainstCpu } from '../support/conv-against-cpu.js';
import { textureVariantKeys } from '../support/dispatch-keys.js';


describe.skipIf(!gpu)('texture-read convolutions past the GEMM texture limit', () => {
  const rt = () => (gpu as WebGPUBackend).rt;
  const keys = textureVariantKeys(rt);

  /** Runs one case against the CPU and returns the pipeline keys it dispatched. */
  async function conv(xs: number[], ws: number[], p: Partial<Conv2dParams>, seed: number): Promise<string[]> {
    keys.length = 0;
    await convAgainstCpu(xs, ws, p, seed, true);
    return [...keys];
  }

  /** Forward and input gradient on conv-tex, weight gradient on conv-tex-dw, no GEMM. */
  function expectTextureKernels(k: string[]): void {
    expect(k.filter((s) => s.startsWith('conv-tex:conv2d:')).length).toBeGreaterThan(0);
    expect(k.filter((s) => s.startsWith('conv-tex:conv2dBackwardInput')).length).toBeGreaterThan(0);
    expect(k.filter((s) => s.startsWith('conv-tex-dw:')).length).toBe(1);
    expect(k.filter((s) => s.startsWith('gemm'))).toEqual([]);
  }

  it('the convolutions want textures at these sizes; the GEMM texture variant takes them up to its layer limit', () => {
    const wide = { elem: 'f32' as const, batch: 1, m: 32, n: 32 * 64 * 64, k: 32 * 9 };
    expect(convWantsTexture(rt(), wide.batch, wide.m, wide.n, wide.k)).toBe(true);
    expect(gemmVariant(rt(), wide)).toBe('texture');
    // 1024 panels of 2304 rows: 2359296 > 256 layers × 8192 rows.
    expect(gemmVariant(rt(), { ...wide, k: 32 * 9 * 8 })).toBe('shared');
    expect(gemmVariant(rt(), { ...wide, k: 32 * 9 * 7 })).toBe('texture');
  });

  it('N·H·W at the limit, one past it, and odd sizes', async () => {
    // 2·128·128 = the limit; 99·331 = limit + 1; 3·99·111 = 32967, odd in every dimension.
    expectTextureKernels(await conv([2, 2, 128, 128], [3, 2, 3, 3], { padding: [1, 1] }, 1));
    expectTextureKernels(await conv([1, 3, 99, 331], [5, 3, 3, 3], { padding: [1, 1] }, 2));
    expectTextureKernels(await conv([3, 2, 99, 111], [3, 2, 3, 3], { padding: [1, 1] }, 3));
  });

  it('few channels (one input channel, one output channel) and a strided dx (phases)', async () => {
    expectTextureKernels(await conv([3, 1, 99, 111], [6, 1, 3, 3], { padding: [1, 1] }, 4)); // a stem
    expectTextureKernels(await conv([3, 5, 99, 111], [1, 5, 3, 3], { padding: [1, 1] }, 5)); // a 1-channel head
    expectTextureKernels(await conv([1, 2, 183, 181], [3, 2, 3, 3], { stride: [2, 2], padding: [1, 1] }, 6));
  });

  it('falls back to the GEMM, correctly, where the packed image is wider than a texture', async () => {
    // Padded width 8202 > 8192 texels: the direct kernels refuse, the GEMM runs instead.
    const k = await conv([1, 1, 3, 8200], [2, 1, 3, 3], { padding: [1, 1] }, 7);
    expect(k.some((s) => s.startsWith('conv-tex'))).toBe(false);
    expect(k.some((s) => s.startsWith('gemm'))).toBe(true);
  });
});
