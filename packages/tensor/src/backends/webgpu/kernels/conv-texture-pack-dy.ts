/**
 * Packs the output gradient dy into an image texture for the texture convolutions'
 * gradient kernels: image img = group · N + n holds that group's Cog channels of dy's
 * image n. Each caller lays dy out differently in the texture (padded, zero-upsampled
 * for strides, widened to a multiple of four), so it gives the WGSL that maps texel
 * (y, x) to dy's (oh, ow) or returns 0 outside dy.
 */
import type { View } from '../../../backend.js';
import type { GPURuntime } from '../runtime.js';
import { type ImageTex, packImage } from './conv-texture-image.js';
import { type Fields, bindingDecl, view4At } from './gemm-uniforms.js';

export interface DyPack {
  /** Pipeline key of the layout. */
  key: string;
  tex: ImageTex;
  /** Uniforms: the geometry, dy's view as 'dy', and whatever `lines` read. */
  fields: Fields;
  /** WGSL statements of `src(img, c, y, x)` before the read: early `return 0.0;`s and `let`s. */
  lines: readonly string[];
  /** dy's row and column as WGSL expressions of the statements' results. */
  oh: string;
  ow: string;
}

/** Packs dy as `p` lays it out (acquired from the pool; release it after its last use). */
export function packDyImage(rt: GPURuntime, dy: View, p: DyPack): GPUTexture {
  return packImage(rt, {
    key: p.key,
    tex: p.tex,
    fields: p.fields,
    buffers: [{ buffer: rt.storageOf(dy).buffer }],
    source: () => `${bindingDecl(1, 'DY', 'f32')}
${view4At('dy')}
fn src(img: i32, c: i32, y: i32, x: i32) -> f32 {
  ${p.lines.join('\n  ')}
  return DY[dy_at(img % u_N(), (img / u_N()) * u_Cog() + c, ${p.oh}, ${p.ow})];
}`,
  });
}
