/**
 * The two ways the texture kernels read their operands (kernels/texture-read.ts):
 * sampled textures and read-only storage textures. The other texture tests run the
 * adapter's choice (storage reads on lavapipe); here each read is forced in turn and
 * the GEMM (both forms, the 64-row block included) and the convolution kernels (the
 * tall channel blocks included) run against the CPU backend, with the pipeline keys
 * showing which read ran. Also: how the choice is made and the WGSL each read emits.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../src/backend.js';
import { BackendError } from '../../src/errors.js';
import { forceTextureGemmForm, subgroupFormSupported, type TextureGemmForm } from '../../src/backends/webgpu/kernels/gemm-texture.js';
import {
  STORAGE_READ_FEATURE,
  type TextureRead,
  forceTextureRead,
  textureRead,
  textureReadDecl,
  textureReadLoad,
} from '../../src/backends/webgpu/kernels/texture-read.js';
import type { GPURuntime } from '../../src/backends/webgpu/runtime.js';
import type { WebGPUBackend } from '../../src/backends/webgpu/webgpu-backend.js';
import { cpu, gpu } from '../support/backends.js';
import { convAgainstCpu as conv } from '../support/conv-against-cpu.js';
import { textureVariantKeys } from '../support/dispatch-keys.js';
import { expectClose, freeAll, randomValues, readBoth, rng, upload } from './kernel-views.js';

const withFeatures = (...f: string[]): GPURuntime => ({ wgslFeatures: new Set(f) }) as unknown as GPURuntime;

describe('which read the texture kernels use', () => {
  afterEach(() => {
    forceTextureRead(null);
    vi.unstubAllEnvs();
  });

  it('storage where the language feature exists, sampled where it does not', () => {
    vi.stubEnv('PRIOR_TEXTURE_READ', '');
    expect(textureRead(withFeatures(STORAGE_READ_FEATURE))).toBe('storage');
    expect(textureRead(withFeatures())).toBe('sampled');
  });

  it('forceTextureRead, then PRIOR_TEXTURE_READ, override it; storage still needs the feature', () => {
    vi.stubEnv('PRIOR_TEXTURE_READ', 'sampled');
    expect(textureRead(withFeatures(STORAGE_READ_FEATURE))).toBe('sampled');
    forceTextureRead('storage');
    expect(textureRead(withFeatures(STORAGE_READ_FEATURE))).toBe('storage');
    expect(textureRead(withFeatures())).toBe('sampled');
    forceTextureRead(null);
    vi.stubEnv('PRIOR_TEXTURE_READ', 'storage');
    expect(textureRead(withFeatures())).toBe('sampled');
  });

  it('names the variable and the values it takes when PRIOR_TEXTURE_READ is wrong', () => {
    vi.stubEnv('PRIOR_TEXTURE_READ', 'texture');
    expect(() => textureRead(withFeatures(STORAGE_READ_FEATURE))).toThrow(BackendError);
    expect(() => textureRead(withFeatures(STORAGE_READ_FEATURE))).toThrow("PRIOR_TEXTURE_READ='texture' is not one of sampled, storage");
  });

  it('emits the declaration and load of each read', () => {
    expect(textureReadDecl('TA', 3, 'sampled')).toBe('@group(0) @binding(3) var TA: texture_2d_array<f32>;');
    expect(textureReadDecl('TA', 3, 'storage')).toBe('@group(0) @binding(3) var TA: texture_storage_2d_array<rgba32float, read>;');
    expect(textureReadLoad('TA', 'vec2<i32>(k, r)', 'l', 'sampled')).toBe('textureLoad(TA, vec2<i32>(k, r), l, 0)');
    expect(textureReadLoad('TA', 'vec2<i32>(k, r)', 'l', 'storage')).toBe('textureLoad(TA, vec2<i32>(k, r), l)');
  });
});

describe.skipIf(!gpu)('texture kernels with each read against the CPU backend', () => {
  const g = gpu as Backend;
  const rt = (): GPURuntime => (g as WebGPUBackend).rt;
  const keys = textureVariantKeys(rt);
  afterAll(() => {
    forceTextureRead(null);
    forceTextureGemmForm(null);
  });

  async function mm(M: number, K: number, N: number, seed: number): Promise<void> {
    const rand = rng(seed);
    const a = upload(cpu, g, [M, K], randomValues(M * K, rand));
    const b = upload(cpu, g, [K, N], randomValues(K * N, rand));
    const { want, got } = await readBoth(cpu, g, cpu.matmul(a.cpu, b.cpu, 'float64'), g.matmul(a.gpu, b.gpu, 'float32'), [M, N]);
    expectClose(got, want, K, `matmul ${JSON.stringify({ M, K, N })}`);
    freeAll([a, b], cpu, g);
  }

  /** The texture kernels' pipeline keys among those recorded, each ending in the read. */
  const reads = (prefixes: string[]): string[] => [...new Set(keys.filter((k) => prefixes.some((p) => k.startsWith(p))).map((k) => k.slice(k.lastIndexOf(':') + 1)))];

  for (const read of ['sampled', 'storage'] as TextureRead[]) {
    describe(read, () => {
      it('GEMM, plain and subgroup forms (16- and 64-row blocks)', async ({ skip }) => {
        if (read === 'storage' && !rt().wgslFeatures.has(STORAGE_READ_FEATURE)) skip();
        forceTextureRead(read);
        const forms: TextureGemmForm[] = subgroupFormSupported(rt()) ? ['plain', 'subgroup'] : ['plain'];
        let seed = 1;
        for (const form of forms) {
          forceTextureGemmForm(form);
          keys.length = 0;
          await mm(129, 7, 130, seed++);
          await mm(33, 64, 128, seed++);
          if (form === 'subgroup') await mm(577, 261, 384, seed++);
          expect(reads(['gemm-tex:'])).toEqual([read]);
        }
        forceTextureGemmForm(null);
      });

      it('convolution forward and both gradients, tall channel blocks included', async ({ skip }) => {
        if (read === 'storage' && !rt().wgslFeatures.has(STORAGE_READ_FEATURE)) skip();
        forceTextureRead(read);
        keys.length = 0;
        await conv([2, 5, 9, 7], [6, 5, 3, 3], { padding: [1, 1] }, 20, true);
        await conv([1, 3, 8, 9], [4, 3, 3, 3], { stride: [2, 2], padding: [1, 1] }, 21);
        // 64 channels over 4096 pixels: the tall forward, input-gradient and weight-gradient blocks (subgroup form).
        await conv([1, 64, 64, 64], [64, 64, 3, 3], { padding: [1, 1] }, 22);
        expect(reads(['conv-tex:', 'conv-tex-dw:'])).toEqual([read]);
      });
    });
  }
});
