/**
 * Channel-packed image textures for the texture-read convolution kernels.
 *
 * An "image texture" holds `images` planes of h×w pixels with the channels of each
 * pixel in `c4` consecutive rgba32float texels (four channels per texel, zeros past
 * the real channel count). Texel (x·c4 + q, (img mod perLayer)·h + y, img / perLayer)
 * holds channels 4q..4q+3 of pixel (y, x) of image img; an image never straddles two
 * array layers, so a kernel finds an image's layer and base row once, outside its loops.
 *
 * The pack writes every texel (zero padding included), PACK_PX pixels of a row per
 * invocation, by calling the caller's
 * `fn src(img: i32, c: i32, y: i32, x: i32) -> f32` for c below the real channel
 * count, so the convolution loops read padded operands with no bounds checks. Packing
 * reads each source element once, instead of once per filter tap as an im2col pack does.
 */
import { WORKGROUP_BUILTINS, flatWorkgroupIndex, gridFor } from '../grid.js';
import type { DispatchBuffer, GPURuntime } from '../runtime.js';
import { DIVQ_INT } from './conv-geometry.js';
import type { Fields } from './gemm-uniforms.js';
import { texturePool } from './texture-pool.js';

const MAX_WIDTH = 8192;
const MAX_ROWS = 8192;
const MAX_LAYERS = 256;
const PACK_WG = 64;
/**
 * Pixels of one row per pack invocation (one texel each): the index arithmetic (integer
 * divisions by uniforms, one scalar division per lane on lavapipe) and the image's layer
 * lookup are paid once for all of them. x [32,64,32,32] padded by 1, profiled in one
 * process: 48.8 → 39.7 ms (stride 2: 42.1 → 29.1); 8 pixels were no faster than 4.
 */
const PACK_PX = 4;

export interface ImageTex {
  /** Prefix of the uniform names and WGSL helpers (`<name>_c4()`, `<name>_at(img)`). */
  name: string;
  images: number;
  /** Real channel count; texels hold c4·4 ≥ channels. */
  channels: number;
  c4: number;
  h: number;
  w: number;
  perLayer: number;
}

/** The layout, or null when it exceeds WebGPU's default texture limits. */
export function imageTex(name: string, images: number, channels: number, c4: number, h: number, w: number): ImageTex | null {
  if (images <= 0 || h <= 0 || w <= 0 || c4 <= 0 || h > MAX_ROWS || w * c4 > MAX_WIDTH) return null;
  const perLayer = Math.floor(MAX_ROWS / h);
  if (Math.ceil(images / perLayer) > MAX_LAYERS) return null;
  return { name, images, channels, c4, h, w, perLayer };
}

export function acquireImageTex(rt: GPURuntime, t: ImageTex): GPUTexture {
  return texturePool(rt).acquire(t.w * t.c4, Math.min(t.images, t.perLayer) * t.h, Math.ceil(t.images / t.perLayer));
}

export function releaseImageTex(rt: GPURuntime, tex: GPUTexture): void {
  texturePool(rt).release(tex);
}

/** Uniforms `<name>_c4`, `<name>_h`, `<name>_pl`. */
export function pushImageTex(f: Fields, t: ImageTex): void {
  f.add(`${t.name}_c4`, t.c4).add(`${t.name}_h`, t.h).add(`${t.name}_pl`, t.perLayer);
}

/** WGSL `fn <name>_at(img) -> vec2<i32>`: (array layer, first row) of an image. */
export function imageAtWGSL(t: ImageTex): string {
  const n = t.name;
  return `fn ${n}_at(img: i32) -> vec2<i32> {
  return vec2<i32>(img / u_${n}_pl(), (img % u_${n}_pl()) * u_${n}_h());
}`;
}

export interface ImagePack {
  /** Pipeline key of the source snippet. */
  key: string;
  tex: ImageTex;
  /** Operand uniforms the snippet reads (the pack appends its own). */
  fields: Fields;
  buffers: readonly DispatchBuffer[];
  /** Buffer declarations and `fn src(img, c, y, x) -> f32`. */
  source: () => string;
}

function packWGSL(header: string, source: string, t: ImageTex, binding: number): string {
  const n = t.name;
  const comps = ['x', 'y', 'z', 'w'].map((c, i) => `if (c + ${i} < u_pack_C()) { v.${c} = src(img, c + ${i}, y, x); }`).join('\n      ');
  const pixels = Array.from({ length: PACK_PX }, (_, i) => `{
    let x = x0 + ${i};
    if (x < u_pack_w()) {
      var v = vec4<f32>(0.0);
      ${comps}
      textureStore(T, vec2<i32>(x * u_${n}_c4() + q, at.y + y), at.x, v);
    }
  }`).join('\n  ');
  return `${header}
${DIVQ_INT}
${source}
${imageAtWGSL(t)}
@group(0) @binding(${binding}) var T: texture_storage_2d_array<rgba32float, write>;
@compute @workgroup_size(${PACK_WG})
fn main(@builtin(local_invocation_index) li: u32, ${WORKGROUP_BUILTINS}) {
  let t = i32(${flatWorkgroupIndex} * ${PACK_WG}u + li);
  if (t >= u_pack_total()) { return; }
  let q = t % u_${n}_c4();
  let r = t / u_${n}_c4();
  let x0 = (r % u_pack_wx()) * ${PACK_PX};
  let r2 = r / u_pack_wx();
  let y = r2 % u_${n}_h();
  let img = r2 / u_${n}_h();
  let c = q * 4;
  let at = ${n}_at(img);
  ${pixels}
}
`;
}

/** Packs one image texture (acquired from the pool; release it after its last use). */
export function packImage(rt: GPURuntime, p: ImagePack): GPUTexture {
  const t = p.tex;
  const tex = acquireImageTex(rt, t);
  const f = p.fields;
  pushImageTex(f, t);
  const wx = Math.ceil(t.w / PACK_PX);
  const total = t.images * t.h * wx * t.c4;
  f.add('pack_C', t.channels).add('pack_w', t.w).add('pack_wx', wx).add('pack_total', total);
  rt.dispatch({
    key: `conv-tex-pack:${p.key}`,
    code: () => packWGSL(f.wgsl(), p.source(), t, p.buffers.length + 1),
    uniforms: f.words(),
    buffers: p.buffers,
    textures: [{ texture: tex, write: true }],
    workgroups: gridFor(Math.ceil(total / PACK_WG)),
  });
  return tex;
}
