/**
 * Packs filters into an image texture for the texture convolutions: image
 * img = group · mp + m holds row m of that group's filters (a 1 × taps image over its
 * channels); rows past the group's `rows` are padding to the kernel's block and read 0.
 * Each caller orders the taps differently (plain, flipped for dx, one stride phase), so
 * it gives the WGSL index into the filters.
 */
import type { View } from '../../../backend.js';
import type { GPURuntime } from '../runtime.js';
import { type ImageTex, packImage } from './conv-texture-image.js';
import { type Fields, bindingDecl, view4At } from './gemm-uniforms.js';

export interface FilterPack {
  /** Pipeline key of the tap order. */
  key: string;
  tex: ImageTex;
  /** Uniforms: the geometry, w's view as 'w', 'rows', 'mp', and whatever `lines` read. */
  fields: Fields;
  /** WGSL statements of `src` after the padding check, before the read (may be none). */
  lines?: readonly string[];
  /** The `w_at(…)` call for group gg, row m, channel c and tap x. */
  at: string;
}

/** Packs w as `p` orders it (acquired from the pool; release it after its last use). */
export function packFilterImage(rt: GPURuntime, w: View, p: FilterPack): GPUTexture {
  const lines = (p.lines ?? []).map((l) => `\n  ${l}`).join('');
  return packImage(rt, {
    key: p.key,
    tex: p.tex,
    fields: p.fields,
    buffers: [{ buffer: rt.storageOf(w).buffer }],
    source: () => `${bindingDecl(1, 'Wt', 'f32')}
${view4At('w')}
fn src(img: i32, c: i32, y: i32, x: i32) -> f32 {
  let gg = img / u_mp();
  let m = img % u_mp();
  if (m >= u_rows()) { return 0.0; }${lines}
  return Wt[${p.at}];
}`,
  });
}
