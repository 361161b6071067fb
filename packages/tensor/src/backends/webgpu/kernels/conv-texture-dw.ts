/**
 * conv2d's weight gradient over channel-packed textures (conv-texture-image.ts), the
 * texture-read variant for software rasterisers:
 *   dw[g, co, ci, kh, kw] = Σ_{img, oh, ow} dy[g·N + img](oh, ow).co · x[g·N + img](oh·sh + kh·dh, ow·sw + kw·dw).ci
 * with x zero-padded and dy zero beyond its last column (rounded up to four), so the
 * pixel loops carry no bounds checks and no im2col copy is made.
 *
 * One invocation owns one filter tap and a block of 4·rco output channels × 4·rci input
 * channels, as rco·rci·4 vec4 accumulators (vec4 over ci). Per four output pixels it
 * loads 4·(rco + rci) texels and writes each accumulator once (a register written in a
 * loop costs a masked blend on lavapipe). The reduction over N·Ho·Wo stays inside the
 * invocation, unless the output blocks make too few tiles: then the images are split
 * into ranges, summed apart and added up by a second pass (imageSplit).
 * Results go through `fn store(g: i32, co: i32, ci: i32, kh: i32, kw: i32, v: f32)`.
 */
import { WORKGROUP_BUILTINS, flatWorkgroupIndex, gridFor } from '../grid.js';
import type { DispatchBuffer, GPURuntime } from '../runtime.js';
import type { Fields } from './gemm-uniforms.js';
import { type ImageTex, imageAtWGSL, pushImageTex } from './conv-texture-image.js';
import { type TextureGemmForm, textureForm } from './gemm-texture.js';
import { CLOSE_TILE_LOOP, addTileFields, openTileLoop, workCounterDecl } from './work-tiles.js';
import { type TextureRead, textureRead, textureReadDecl, textureReadLoad } from './texture-read.js';
import { SUBGROUP, subgroupShareWGSL } from './subgroup-share.js';

/**
 * Texels (of four channels) per invocation along the output and input channels: 4×4
 * (32 fetches per 1024 multiply-adds; fetches bound this kernel on lavapipe) unless a
 * side has 8 channels or fewer, where 2×2 wastes less on zero padding. The subgroup
 * form, which shares the dy fetches, takes 8×4 from 64 output channels: 4 + 16 fetches
 * per 2048. dW of x [32,64,32,32], 3×3, 64 outputs, packs included, medians of
 * alternated runs: plain 4×4 9.9–11.2 GFLOP/s, subgroup 4×4 11.8–13.2, subgroup 8×4
 * 13.9–14.0 (8×8 12.6, 16×4 13.1, and 10–11 s to compile instead of 2.6). The kernel
 * alone, profiled in one process over three rounds: 195 → 131 ms.
 */
export interface DwBlock {
  rco: number;
  rci: number;
}
export const DW_WIDE: DwBlock = { rco: 4, rci: 4 };
export const DW_NARROW: DwBlock = { rco: 2, rci: 2 };
export const DW_TALL: DwBlock = { rco: 8, rci: 4 };

export function dwBlock(cog: number, cig: number, form: TextureGemmForm): DwBlock {
  if (cog <= 8 || cig <= 8) return DW_NARROW;
  return form === 'subgroup' && cog >= 64 ? DW_TALL : DW_WIDE;
}
const WG = 8;
const U = 4;
/** Fewest weight-gradient tiles before the images are split (imageSplit). */
const MIN_TILES = 32;
const SUM_WG = 64;

export interface ConvTexDwRun {
  key: string;
  groups: number;
  images: number;
  cog: number;
  cig: number;
  kh: number;
  kw: number;
  ho: number;
  /** Output columns rounded up to a multiple of four (dy is zero past wo). */
  wo4: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  /** Padded input (name XI), c4 a multiple of dwBlock().rci, wide enough for wo4 columns. */
  x: ImageTex;
  xTex: GPUTexture;
  /** Output gradient (name DI): ho × wo4 pixels, c4 a multiple of dwBlock().rco. */
  d: ImageTex;
  dTex: GPUTexture;
  fields: Fields;
  buffers: readonly DispatchBuffer[];
  store: () => string;
}

const range = (n: number): number[] => [...Array(n).keys()];
const COMP = ['x', 'y', 'z', 'w'];

function dwWGSL(header: string, store: string, x: ImageTex, d: ImageTex, binding: number, b: DwBlock, sg: boolean, read: TextureRead, parts: boolean): string {
  const I = range(b.rco);
  const J = range(b.rci);
  const Us = range(U);
  const accs = I.flatMap((i) => J.flatMap((j) => COMP.map((_, q) => `var a${i}_${j}_${q} = vec4<f32>(0.0);`))).join('\n  ');
  // The lanes of a workgroup share their output channels, so they read the same
  // U·rco texels of dy (texel f = u·rco + i): the subgroup form shares them.
  const dLoads = sg
    ? subgroupShareWGSL(U * b.rco, (h) => textureReadLoad('DT', `vec2<i32>(dc + dOff${h}, dr)`, 'da.x', read), (f) => `d${f % b.rco}_${Math.floor(f / b.rco)}`).join('\n        ')
    : Us.flatMap((u) => I.map((i) => `let d${i}_${u} = ${textureReadLoad('DT', `vec2<i32>(dc + ${u} * dStep + ${i}, dr)`, 'da.x', read)};`)).join('\n        ');
  // Texel offset of lane-share h: f = 8h + lane → (f / rco)·dStep + f % rco.
  const dOffsets = sg
    ? range((U * b.rco) / SUBGROUP)
        .map((h) => `let dOff${h} = ((${h * SUBGROUP} + lane) / ${b.rco}) * dStep + (${h * SUBGROUP} + lane) % ${b.rco};`)
        .join('\n  ')
    : '';
  const xLoads = Us.flatMap((u) => J.map((j) => `let x${j}_${u} = ${textureReadLoad('XT', `vec2<i32>(xc + ${u} * xStep + ${j}, xr)`, 'xa.x', read)};`)).join('\n        ');
  const fmas = I.flatMap((i) =>
    J.flatMap((j) => COMP.map((c, q) => `a${i}_${j}_${q} = a${i}_${j}_${q} + ${Us.map((u) => `d${i}_${u}.${c} * x${j}_${u}`).join(' + ')};`)),
  ).join('\n        ');
  // Results leave through one rolled loop (uniform bound): inlined, the stores
  // dominated lavapipe's compile time.
  const keep = I.flatMap((i) => J.flatMap((j) => COMP.flatMap((_, q) => COMP.map((c, p) => `res[${((i * b.rci + j) * 4 + q) * 4 + p}] = a${i}_${j}_${q}.${c};`)))).join('\n  ');
  // Lanes past the last job stay (on the last tap, stores skipped): the subgroup form's
  // lanes fetch shares of dy, and every lane meets the tile loop's barriers.
  return `${sg ? 'enable subgroups;\n' : ''}${header}
${store}
${imageAtWGSL(x)}
${imageAtWGSL(d)}
${workCounterDecl(binding)}
${textureReadDecl('XT', binding + 1, read)}
${textureReadDecl('DT', binding + 2, read)}
@compute @workgroup_size(${WG}, 1, 1)
fn main(@builtin(local_invocation_index) li: u32${sg ? ', @builtin(subgroup_invocation_id) sl: u32' : ''}) {
  ${openTileLoop('wid')}
  let g = i32(wid.z) / u_dw_split();
  let split = i32(wid.z) % u_dw_split();${parts ? '\n  partIndex = split;' : ''}
  let img0 = split * u_dw_per();
  let img1 = min(u_dw_imgs(), img0 + u_dw_per());
  let cb = i32(wid.y) * ${b.rco};
  let job = i32(wid.x * ${WG}u + li);
  let gx = min(job, u_dw_jobs() - 1);${sg ? '\n  let lane = i32(sl);' : ''}
  let jb = (gx % u_dw_ciBlocks()) * ${b.rci};
  let tap = gx / u_dw_ciBlocks();
  let kh = tap / u_dw_kW();
  let kw = tap % u_dw_kW();
  let xc4 = u_XI_c4();
  let dc4 = u_DI_c4();
  let xStep = u_dw_sw() * xc4;
  let dStep = dc4;
  ${dOffsets}
  ${accs}
  for (var img = img0; img < img1; img = img + 1) {
    let xa = XI_at(g * u_dw_imgs() + img);
    let da = DI_at(g * u_dw_imgs() + img);
    for (var oh = 0; oh < u_dw_Ho(); oh = oh + 1) {
      let xr = xa.y + oh * u_dw_sh() + kh * u_dw_dh();
      let dr = da.y + oh;
      for (var ow = 0; ow < u_dw_Wo4(); ow = ow + ${U}) {
        let xc = (ow * u_dw_sw() + kw * u_dw_dw()) * xc4 + jb;
        let dc = ow * dc4 + cb;
        ${dLoads}
        ${xLoads}
        ${fmas}
      }
    }
  }
  var res: array<f32, ${b.rco * b.rci * 16}>;
  ${keep}
  for (var t = 0; t < u_dw_block(); t = t + 1) {
    let p = t % 4;
    let q = (t / 4) % 4;
    let j = (t / 16) % ${b.rci};
    let i = t / ${16 * b.rci};
    let co = (cb + i) * 4 + q;
    let ci = (jb + j) * 4 + p;
    if (co < u_dw_cog() && ci < u_dw_cig() && job < u_dw_jobs()) { store(g, co, ci, kh, kw, res[t]); }
  }
  ${CLOSE_TILE_LOOP}
}
`;
}

export function runConvTexDw(rt: GPURuntime, r: ConvTexDwRun): void {
  const form = textureForm(rt);
  const b = dwBlock(r.cog, r.cig, form);
  const ciBlocks = r.x.c4 / b.rci;
  const coBlocks = r.d.c4 / b.rco;
  const jobs = ciBlocks * r.kh * r.kw;
  if (jobs === 0 || coBlocks === 0) return;
  const f = r.fields;
  pushImageTex(f, r.x);
  pushImageTex(f, r.d);
  f.add('dw_jobs', jobs).add('dw_ciBlocks', ciBlocks).add('dw_kW', r.kw).add('dw_imgs', r.images).add('dw_Ho', r.ho).add('dw_Wo4', r.wo4);
  f.add('dw_block', b.rco * b.rci * 16).add('dw_sh', r.sh).add('dw_sw', r.sw).add('dw_dh', r.dh).add('dw_dw', r.dw).add('dw_cog', r.cog).add('dw_cig', r.cig);
  const { split, per } = imageSplit(Math.ceil(jobs / WG) * coBlocks * r.groups, r.images);
  const total = r.groups * r.cog * r.cig * r.kh * r.kw;
  f.add('dw_split', split).add('dw_per', per).add('dw_kH', r.kh).add('dw_total', total);
  const grid = [Math.ceil(jobs / WG), coBlocks, r.groups * split] as const;
  addTileFields(f, grid);
  const sg = WG === SUBGROUP && form === 'subgroup';
  const read = textureRead(rt);
  const storage = read === 'storage';
  const words = f.words();
  // Split: partial sums per image range into `part`, then one pass adds them up and stores.
  const part = split > 1 ? rt.alloc('float32', split * total) : null;
  const buffers = part ? [{ buffer: part.buffer, write: true }] : r.buffers;
  rt.dispatch({
    key: `conv-tex-dw:${r.key}:${b.rco}x${b.rci}${sg ? ':subgroup' : ''}${part ? ':parts' : ''}:${read}`,
    code: () => dwWGSL(f.wgsl(), part ? PART_STORE : r.store(), r.x, r.d, buffers.length + 1, b, sg, read, part !== null),
    uniforms: words,
    buffers,
    counter: true,
    textures: [{ texture: r.xTex, storage }, { texture: r.dTex, storage }],
    workgroups: grid,
  });
  if (!part) return;
  rt.dispatch({
    key: `conv-tex-dw-sum:${r.key}`,
    code: () => sumWGSL(f.wgsl(), r.store(), r.buffers.length + 1),
    uniforms: words,
    buffers: [...r.buffers, { buffer: part.buffer }],
    workgroups: gridFor(Math.ceil(total / SUM_WG)),
  });
  rt.free(part);
}

/**
 * How to cut the images into `split` ranges of `per`, so that the weight gradient has at
 * least MIN_TILES tiles. Its tiles are few where channels are few (32→32 3×3: 6 tiles,
 * each over every pixel of the batch), and a dispatch cannot keep more threads busy
 * than it has tiles (lavapipe runs one per core). Splitting the images costs one partial
 * sum per range and a pass that adds them (split × the gradient's size). On 2 cores,
 * where the work counter already balances 6 tiles, it measured neutral.
 */
export function imageSplit(tiles: number, images: number): { split: number; per: number } {
  const want = Math.min(images, Math.ceil(MIN_TILES / tiles));
  const per = Math.ceil(images / Math.max(1, want));
  return { split: Math.ceil(images / per), per };
}

/** Partial sums: part[((split·G + g)·Cog + co)·Cig + ci)·kH + kh)·kW + kw], all of them written. */
const PART_STORE = `@group(0) @binding(1) var<storage, read_write> PART: array<f32>;
var<private> partIndex: i32;
fn store(g: i32, co: i32, ci: i32, kh: i32, kw: i32, v: f32) {
  PART[partIndex * u_dw_total() + (((g * u_dw_cog() + co) * u_dw_cig() + ci) * u_dw_kH() + kh) * u_dw_kW() + kw] = v;
}`;

/** Adds the partial sums of each weight-gradient element and stores it through the caller's `store`. */
function sumWGSL(header: string, store: string, binding: number): string {
  return `${header}
${store}
@group(0) @binding(${binding}) var<storage, read> PART: array<f32>;
@compute @workgroup_size(${SUM_WG})
fn main(@builtin(local_invocation_index) li: u32, ${WORKGROUP_BUILTINS}) {
  let e = i32(${flatWorkgroupIndex} * ${SUM_WG}u + li);
  let total = u_dw_total();
  if (e >= total) { return; }
  var v = 0.0;
  for (var s = 0; s < u_dw_split(); s = s + 1) { v = v + PART[s * total + e]; }
  let kw = e % u_dw_kW();
  let r1 = e / u_dw_kW();
  let kh = r1 % u_dw_kH();
  let r2 = r1 / u_dw_kH();
  let ci = r2 % u_dw_cig();
  let r3 = r2 / u_dw_cig();
  store(r3 / u_dw_cog(), r3 % u_dw_cog(), ci, kh, kw, v);
}
`;
}
