/**
 * Direct convolution over channel-packed textures (conv-texture-image.ts), the
 * texture-read variant of the implicit GEMM for software rasterisers:
 *   out[g, m, img, oh, ow] = Σ_{kh, kw, c} W[g·Mp + m][(kh·kW + kw)·c4 + c/4].(c%4)
 *                                          · X[g·N + img](oh·sh + kh·dh, ow·sw + kw·dw).(c%4)
 * X is already zero-padded (padding; for a transposed convolution, the inserted zeros), so the
 * loops have no bounds checks, and the filter taps are read straight from the packed
 * input: no im2col copy of each pixel per tap. Each invocation keeps an RM×RN block
 * (output channels × output pixels) in scalar registers and per texel step loads RM
 * weight texels and RN input texels: one texel holds four channels of the reduction,
 * so each accumulator is written once per four multiply-adds (a register written in
 * a loop costs a masked blend on lavapipe).
 *
 * Runs conv2d forward and, on the flipped, transposed weights and the padded (zero-
 * inserted, or split by phase) output gradient, conv2dBackwardInput. Results go through the caller's
 * `fn store(g: i32, m: i32, img: i32, oh: i32, ow: i32, v: f32)`.
 */
import { MAX_WORKGROUPS_PER_DIM } from '../grid.js';
import type { DispatchBuffer, GPURuntime } from '../runtime.js';
import type { Fields } from './gemm-uniforms.js';
import { type ImageTex, imageAtWGSL, pushImageTex } from './conv-texture-image.js';
import { type TextureGemmForm, textureForm } from './gemm-texture.js';
import { CLOSE_TILE_LOOP, addTileFields, openTileLoop, workCounterDecl } from './work-tiles.js';
import { type TextureRead, textureRead, textureReadDecl, textureReadLoad } from './texture-read.js';
import { SUBGROUP, subgroupShareWGSL } from './subgroup-share.js';

/**
 * Output channels per invocation: 16 where there are enough of them, 4 for narrow
 * layers (less zero padding). Texture fetches dominate this kernel on lavapipe
 * (replacing them by constants ran it ~4x faster), so the larger block, with 32
 * fetches per 1024 multiply-adds instead of 20 per 256, ran ~1.7x faster. The subgroup
 * form shares the weight fetches, so each lane's 16 input fetches per texel step are
 * what remain, and a taller block amortises them: 64 channels where a layer has them
 * and enough pixels to keep the workgroups many. x [32,64,32,32] forward and input
 * gradient, profiled in one process over six rounds: 16 plain 254 ms, 16 subgroup
 * 228, 32 subgroup 206, 64 subgroup 169 (compiling in 6.2 s instead of 1.4).
 */
export const CONV_RM_WIDE = 16;
export const CONV_RM_NARROW = 4;
export const CONV_RM_TALL = 64;
/** Output pixels per invocation. */
export const CONV_RN = 16;
const WG = 64;

/** The output-channel block for `m` output channels per group over `pixels` output pixels per group. */
export function convRm(m: number, pixels: number, form: TextureGemmForm): number {
  if (form === 'subgroup' && m >= CONV_RM_TALL && pixels >= 4 * CONV_RN * WG) return CONV_RM_TALL;
  return m > 2 * CONV_RM_NARROW ? CONV_RM_WIDE : CONV_RM_NARROW;
}

/** Whether a dispatch over `pixels` output pixels (per group) fits the workgroup-count limit. */
export function convTexPixelsFit(pixels: number): boolean {
  return Math.ceil(pixels / CONV_RN / WG) <= MAX_WORKGROUPS_PER_DIM;
}

/** The weight texture is 1 row per image, so 8192 rows per array layer: row r is (r & 8191, layer r >> 13). */
const ROW_SHIFT = 13;

export interface ConvTexRun {
  key: string;
  groups: number;
  /** Images per group. */
  images: number;
  /** Output channels per group; the channel block (convRm); m rounded up to it (rows of the weight texture per group). */
  m: number;
  rm: number;
  mp: number;
  ho: number;
  wo: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  /** Texel row and column of output pixel (0, 0)'s first tap (default 0). */
  oy?: number;
  ox?: number;
  /** Input (name XI): groups·images images of (≥ reach) rows × columns, c4 texels per pixel. */
  x: ImageTex;
  xTex: GPUTexture;
  /** Weights: groups·mp images of 1 × kh·kw pixels with the same c4 (perLayer 8192). */
  wTex: GPUTexture;
  fields: Fields;
  buffers: readonly DispatchBuffer[];
  /** Buffer declarations and `fn store(...)`. */
  store: () => string;
}

const range = (n: number): number[] => [...Array(n).keys()];

function convTexWGSL(header: string, store: string, x: ImageTex, binding: number, rm: number, sg: boolean, read: TextureRead): string {
  const R = range(rm);
  const C = range(CONV_RN);
  const pixels = C.map(
    (n) => `let j${n} = min(jb + ${n}, P - 1);
  let ow${n} = j${n} % u_ct_Wo();
  let r${n} = j${n} / u_ct_Wo();
  let oh${n} = r${n} % u_ct_Ho();
  let img${n} = r${n} / u_ct_Ho();
  let at${n} = XI_at(g * u_ct_imgs() + img${n});
  let xr${n} = at${n}.y + u_ct_oy() + oh${n} * u_ct_sh();
  let xc${n} = (u_ct_ox() + ow${n} * u_ct_sw()) * c4;`,
  ).join('\n  ');
  const acc = R.map((i) => C.map((n) => `var c${i}_${n} = 0.0;`).join(' ')).join('\n  ');
  // Every lane of a workgroup reads the same RM weight texels: the subgroup form shares them.
  const aLoads = sg
    ? subgroupShareWGSL(rm, (h) => textureReadLoad('WT', `vec2<i32>(ta + q, aY + ${h * SUBGROUP} + lane)`, 'aL', read), (i) => `a${i}`).join('\n        ')
    : R.map((i) => `let a${i} = ${textureReadLoad('WT', `vec2<i32>(ta + q, aY + ${i})`, 'aL', read)};`).join('\n        ');
  const xLoads = C.map((n) => `let x${n} = ${textureReadLoad('XT', `vec2<i32>(xc${n} + cx + q, xr${n} + ry)`, `at${n}.x`, read)};`).join('\n        ');
  const fmas = R.flatMap((i) => C.map((n) => `c${i}_${n} = c${i}_${n} + a${i}.x * x${n}.x + a${i}.y * x${n}.y + a${i}.z * x${n}.z + a${i}.w * x${n}.w;`)).join('\n        ');
  // Results leave through one rolled loop (its bound is a uniform, so LLVM keeps it
  // rolled): 64 inlined stores made lavapipe's compile ~18 s instead of ~4 s.
  const keep = R.flatMap((i) => C.map((n) => `res[${i * CONV_RN + n}] = c${i}_${n};`)).join('\n  ');
  const pixArr = C.map((n) => `pix[${n}] = vec3<i32>(img${n}, oh${n}, ow${n});`).join('\n  ');
  // Lanes past the last pixel stay (pixels clamped, stores skipped): the subgroup form's
  // lanes fetch shares of the weights, and every lane meets the tile loop's barriers.
  return `${sg ? 'enable subgroups;\n' : ''}${header}
${store}
${imageAtWGSL(x)}
${workCounterDecl(binding)}
${textureReadDecl('XT', binding + 1, read)}
${textureReadDecl('WT', binding + 2, read)}
@compute @workgroup_size(${WG}, 1, 1)
fn main(@builtin(local_invocation_index) li: u32${sg ? ', @builtin(subgroup_invocation_id) sl: u32' : ''}) {
  ${openTileLoop('wid')}
  let g = i32(wid.z);
  let m0 = i32(wid.x) * ${rm};
  let jb = i32(wid.y * ${WG}u + li) * ${CONV_RN};
  let P = u_ct_P();${sg ? '\n  let lane = i32(sl);' : ''}
  let c4 = u_XI_c4();
  ${pixels}
  let aRow = g * u_ct_Mp() + m0;
  let aL = aRow >> ${ROW_SHIFT}u;
  let aY = aRow & ${(1 << ROW_SHIFT) - 1};
  ${acc}
  var ta = 0;
  for (var kh = 0; kh < u_ct_kH(); kh = kh + 1) {
    let ry = kh * u_ct_dh();
    for (var kw = 0; kw < u_ct_kW(); kw = kw + 1) {
      let cx = kw * u_ct_dw() * c4;
      for (var q = 0; q < c4; q = q + 1) {
        ${aLoads}
        ${xLoads}
        ${fmas}
      }
      ta = ta + c4;
    }
  }
  var pix: array<vec3<i32>, ${CONV_RN}>;
  ${pixArr}
  var res: array<f32, ${rm * CONV_RN}>;
  ${keep}
  for (var t = 0; t < u_ct_block(); t = t + 1) {
    let i = t / ${CONV_RN};
    let n = t % ${CONV_RN};
    let px = pix[n];
    if (m0 + i < u_ct_M() && jb + n < P) { store(g, m0 + i, px.x, px.y, px.z, res[t]); }
  }
  ${CLOSE_TILE_LOOP}
}
`;
}

/** Records the convolution (both textures already packed). */
export function runConvTex(rt: GPURuntime, r: ConvTexRun): void {
  const P = r.images * r.ho * r.wo;
  const rm = r.rm;
  if (P === 0 || r.m === 0) return;
  const sg = rm % SUBGROUP === 0 && textureForm(rt) === 'subgroup';
  const read = textureRead(rt);
  const storage = read === 'storage';
  const f = r.fields;
  pushImageTex(f, r.x);
  f.add('ct_imgs', r.images).add('ct_P', P).add('ct_M', r.m).add('ct_Mp', r.mp).add('ct_Ho', r.ho).add('ct_Wo', r.wo);
  f.add('ct_block', rm * CONV_RN).add('ct_kH', r.kh).add('ct_kW', r.kw).add('ct_sh', r.sh).add('ct_sw', r.sw).add('ct_dh', r.dh).add('ct_dw', r.dw).add('ct_oy', r.oy ?? 0).add('ct_ox', r.ox ?? 0);
  const grid = [r.mp / rm, Math.ceil(P / CONV_RN / WG), r.groups] as const;
  addTileFields(f, grid);
  const binding = r.buffers.length + 1;
  rt.dispatch({
    key: `conv-tex:${r.key}:${rm}x${CONV_RN}${sg ? ':subgroup' : ''}:${read}`,
    code: () => convTexWGSL(f.wgsl(), r.store(), r.x, binding, rm, sg, read),
    uniforms: f.words(),
    buffers: r.buffers,
    counter: true,
    textures: [{ texture: r.xTex, storage }, { texture: r.wTex, storage }],
    // x walks the output-channel blocks, so consecutive tiles read the same input
    // pixels from cache (3×3 64→64 at 32², batch 32, forward: 12.8–13.1 → 13.8–14.0 GFLOP/s).
    workgroups: grid,
  });
}
