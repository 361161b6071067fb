/**
 * How the texture kernels (GEMM, convolution forward and both gradients) read their
 * packed rgba32float operands: as sampled textures (`texture_2d_array<f32>`) or as
 * read-only storage textures (`texture_storage_2d_array<rgba32float, read>`, WGSL's
 * `readonly_and_readwrite_storage_textures` language feature).
 *
 * On lavapipe a sampled `textureLoad` is a call through a trampoline and a lookup into
 * a texel-fetch function; a storage read calls a short image function (eight 16-byte
 * loads and a transpose). Medians of alternated runs in one process, with B in
 * panels: 1024³ GEMM 36.2 / 37.2 → 40.0 / 40.5 GFLOP/s, 2048³ 37.8 → 41.4; before the
 * panels, 1024³ 22.0–23.7 → 24.5–28.0 and the convolution 3×3 forward + both gradients
 * (x [32,64,32,32], 64 outputs, packs included) 17.5 → 19.1.
 *
 * forceTextureRead (tests), else PRIOR_TEXTURE_READ=sampled|storage, else storage
 * where the language feature exists. Storage falls back to sampled where it does not.
 */
import { envChoice } from '../env-choice.js';
import type { GPURuntime } from '../runtime.js';

export type TextureRead = 'sampled' | 'storage';
export const STORAGE_READ_FEATURE = 'readonly_and_readwrite_storage_textures';

let forced: TextureRead | null = null;

/** Pins how texture kernels read (tests); null chooses by adapter. */
export function forceTextureRead(r: TextureRead | null): void {
  forced = r;
}

export function textureRead(rt: GPURuntime): TextureRead {
  const env = envChoice<TextureRead>('PRIOR_TEXTURE_READ', ['sampled', 'storage']);
  const want = forced ?? env;
  if (want === 'sampled' || !rt.wgslFeatures.has(STORAGE_READ_FEATURE)) return 'sampled';
  return 'storage';
}

/** The WGSL declaration of a read operand texture at `binding`. */
export function textureReadDecl(name: string, binding: number, read: TextureRead): string {
  const type = read === 'storage' ? 'texture_storage_2d_array<rgba32float, read>' : 'texture_2d_array<f32>';
  return `@group(0) @binding(${binding}) var ${name}: ${type};`;
}

/** A texel load (`coords` a vec2<i32> expression, `layer` an integer one). */
export function textureReadLoad(name: string, coords: string, layer: string, read: TextureRead): string {
  return read === 'storage' ? `textureLoad(${name}, ${coords}, ${layer})` : `textureLoad(${name}, ${coords}, ${layer}, 0)`;
}
