/**
 * conv2d forward, input gradient and weight gradient on the texture-read kernels
 * (conv-texture.ts, conv-texture-dw.ts): each packs its operands once into
 * channel-packed textures (zero padding, and for the input gradient the stride's
 * zero insertion, included) and runs one direct-convolution dispatch. Each returns
 * false, having recorded nothing, when a texture would exceed the default limits or
 * the dispatch the workgroup-count limit; the caller then runs the implicit-GEMM path.
 *
 * The input gradient is the forward convolution of the zero-inserted, padded dy with
 * the flipped filters, transposed (Cin ↔ Cout):
 *   dx[ih] = Σ_kh' w[kH−1−kh'] · dyUp[ih + kh'·dh]   with dyUp[y] = dy[(y − P)/sh] where sh divides y − P ≥ 0,
 * P = (kH−1)·dh − ph (likewise along w). A strided convolution's input gradient runs
 * phase by phase instead (conv-texture-dx-phases.ts), skipping the inserted zeros.
 */
import type { Conv2dParams, FusedActivation, View } from '../../../backend.js';
import { MAX_WORKGROUPS_PER_DIM } from '../grid.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { type ConvGeometry, pushGeometry } from './conv-geometry.js';
import { convRm, convTexPixelsFit, runConvTex } from './conv-texture.js';
import { dwBlock, runConvTexDw } from './conv-texture-dw.js';
import { textureForm } from './gemm-texture.js';
import { conv2dBackwardInputPhases } from './conv-texture-dx-phases.js';
import { type ImageTex, imageTex, packImage, releaseImageTex } from './conv-texture-image.js';
import { packDyImage } from './conv-texture-pack-dy.js';
import { packFilterImage } from './conv-texture-pack-filters.js';
import { activationWGSL, epilogueWGSL } from './epilogue.js';
import { preferredGemmVariant } from './gemm.js';
import { Fields, bindingDecl, view4At } from './gemm-uniforms.js';

/**
 * Whether the adapter prefers the GEMM's texture variant for this implicit-GEMM shape
 * (`batch` = groups). The GEMM's own texture limits are not checked: those bound its
 * packed matrices (N·H·W ≤ 32768 texels of four columns), while these kernels pack
 * images over array layers and check their own limits (each returns false past them).
 */
export function convWantsTexture(rt: GPURuntime, batch: number, m: number, n: number, k: number): boolean {
  return batch <= MAX_WORKGROUPS_PER_DIM && preferredGemmVariant(rt, { batch, m, n, k }) === 'texture';
}

const ceilTo = (v: number, m: number): number => Math.ceil(v / m) * m;
const c4Of = (channels: number, block = 1): number => ceilTo(Math.ceil(channels / 4), block);

/** Geometry uniforms plus the batch size, for the pack snippets. */
function baseFields(g: ConvGeometry): Fields {
  const f = new Fields();
  pushGeometry(f, g);
  f.add('N', g.n);
  return f;
}

/** x zero-padded: texel (y, x) holds x[.., y − ph, x − pw]. */
function packInput(rt: GPURuntime, x: View, g: ConvGeometry, t: ImageTex): GPUTexture {
  return packImage(rt, {
    key: 'conv-input',
    tex: t,
    fields: baseFields(g).view4('x', x),
    buffers: [{ buffer: rt.storageOf(x).buffer }],
    source: () => `${bindingDecl(1, 'X', 'f32')}
${view4At('x')}
fn src(img: i32, c: i32, y: i32, x: i32) -> f32 {
  let ih = y - u_ph();
  let iw = x - u_pw();
  if (ih < 0 || ih >= u_H() || iw < 0 || iw >= u_W()) { return 0.0; }
  return X[x_at(img % u_N(), (img / u_N()) * u_Cig() + c, ih, iw)];
}`,
  });
}

/** Filters as groups·mp images of 1 × kH·kW pixels over `channels`; `flip` transposes and flips them for dx. */
function packFilters(rt: GPURuntime, w: View, g: ConvGeometry, mp: number, c4: number, flip: boolean): GPUTexture | null {
  const rows = flip ? g.cin / g.p.groups : g.cout / g.p.groups;
  const channels = flip ? g.cout / g.p.groups : g.cin / g.p.groups;
  const t = imageTex('WI', g.p.groups * mp, channels, c4, 1, g.kh * g.kw);
  if (!t) return null;
  const f = baseFields(g).view4('w', w).add('rows', rows).add('mp', mp);
  const tap = flip ? 'u_kH() - 1 - x / u_kW(), u_kW() - 1 - x % u_kW()' : 'x / u_kW(), x % u_kW()';
  const at = flip ? `w_at(gg * u_Cog() + c, m, ${tap})` : `w_at(gg * u_Cog() + m, c, ${tap})`;
  return packFilterImage(rt, w, { key: `conv-filters:${flip ? 'flip' : 'plain'}`, tex: t, fields: f, at });
}

/** Forward convolution into `out` ([N, Cout, Ho, Wo], contiguous). */
export function conv2dTexture(rt: GPURuntime, x: View, w: View, bias: View | null, g: ConvGeometry, out: GPUStorage, activation: FusedActivation): boolean {
  const p = g.p;
  if (!convTexPixelsFit(g.n * g.ho * g.wo)) return false;
  const cig = g.cin / p.groups;
  const cog = g.cout / p.groups;
  const c4 = c4Of(cig);
  const xt = imageTex('XI', p.groups * g.n, cig, c4, (g.ho - 1) * p.stride[0] + (g.kh - 1) * p.dilation[0] + 1, (g.wo - 1) * p.stride[1] + (g.kw - 1) * p.dilation[1] + 1);
  const rm = convRm(cog, g.n * g.ho * g.wo, textureForm(rt));
  const mp = ceilTo(cog, rm);
  if (!xt) return false;
  const wTex = packFilters(rt, w, g, mp, c4, false);
  if (!wTex) return false;
  const xTex = packInput(rt, x, g, xt);
  const f = new Fields();
  pushGeometry(f, g);
  if (bias) f.add('bOff', bias.offset).add('bS', bias.strides[0]);
  const buffers = bias ? [{ buffer: rt.storageOf(bias).buffer }] : [];
  const outBinding = buffers.length + 1;
  runConvTex(rt, {
    key: `conv2d:${bias ? 'bias' : 'nobias'}:${activation}`,
    groups: p.groups,
    images: g.n,
    m: cog,
    rm,
    mp,
    ho: g.ho,
    wo: g.wo,
    kh: g.kh,
    kw: g.kw,
    sh: p.stride[0],
    sw: p.stride[1],
    dh: p.dilation[0],
    dw: p.dilation[1],
    x: xt,
    xTex,
    wTex,
    fields: f,
    buffers: [...buffers, { buffer: out.buffer, write: true }],
    store: () => `${bias ? bindingDecl(1, 'Bias', 'f32') : ''}
${bindingDecl(outBinding, 'Y', 'f32', true)}
${activation !== 'none' ? epilogueWGSL({ activation }, 0) : ''}
fn store(g: i32, m: i32, img: i32, oh: i32, ow: i32, v: f32) {
  let co = g * u_Cog() + m;
  ${bias ? 'let r = v + Bias[u_bOff() + co * u_bS()];' : 'let r = v;'}
  Y[((img * u_Cout() + co) * u_Ho() + oh) * u_Wo() + ow] = ${activationWGSL(activation, 'r')};
}`,
  });
  releaseImageTex(rt, xTex);
  releaseImageTex(rt, wTex);
  return true;
}

/** Input gradient into `out` ([N, Cin, H, W], contiguous). */
export function conv2dBackwardInputTexture(rt: GPURuntime, dy: View, w: View, g: ConvGeometry, out: GPUStorage): boolean {
  const p = g.p;
  if (!convTexPixelsFit(g.n * g.h * g.w)) return false;
  if (p.stride[0] * p.stride[1] > 1 && conv2dBackwardInputPhases(rt, dy, w, g, out)) return true;
  const cig = g.cin / p.groups;
  const cog = g.cout / p.groups;
  const c4 = c4Of(cog);
  const [dh, dw] = p.dilation;
  const dt = imageTex('XI', p.groups * g.n, cog, c4, g.h + (g.kh - 1) * dh, g.w + (g.kw - 1) * dw);
  const rm = convRm(cig, g.n * g.h * g.w, textureForm(rt));
  const mp = ceilTo(cig, rm);
  if (!dt) return false;
  const wTex = packFilters(rt, w, g, mp, c4, true);
  if (!wTex) return false;
  const pf = baseFields(g).view4('dy', dy).add('Ph', (g.kh - 1) * dh - p.padding[0]).add('Pw', (g.kw - 1) * dw - p.padding[1]);
  const dTex = packDyImage(rt, dy, {
    key: 'conv-dy-upsampled',
    tex: dt,
    fields: pf,
    lines: [
      'let t = y - u_Ph();',
      'let s = x - u_Pw();',
      'if (t < 0 || s < 0) { return 0.0; }',
      'if (t % u_sh() != 0 || s % u_sw() != 0) { return 0.0; }',
      'let oh = t / u_sh();',
      'let ow = s / u_sw();',
      'if (oh >= u_Ho() || ow >= u_Wo()) { return 0.0; }',
    ],
    oh: 'oh',
    ow: 'ow',
  });
  const f = new Fields();
  pushGeometry(f, g);
  runConvTex(rt, {
    key: 'conv2dBackwardInput',
    groups: p.groups,
    images: g.n,
    m: cig,
    rm,
    mp,
    ho: g.h,
    wo: g.w,
    kh: g.kh,
    kw: g.kw,
    sh: 1,
    sw: 1,
    dh,
    dw,
    x: dt,
    xTex: dTex,
    wTex,
    fields: f,
    buffers: [{ buffer: out.buffer, write: true }],
    store: () => `${bindingDecl(1, 'DX', 'f32', true)}
fn store(g: i32, m: i32, img: i32, ih: i32, iw: i32, v: f32) {
  DX[((img * u_Cin() + g * u_Cig() + m) * u_H() + ih) * u_W() + iw] = v;
}`,
  });
  releaseImageTex(rt, dTex);
  releaseImageTex(rt, wTex);
  return true;
}

/** Weight gradient into `out` ([Cout, Cin/groups, kH, kW], contiguous). */
export function conv2dBackwardWeightTexture(rt: GPURuntime, x: View, dy: View, g: ConvGeometry, out: GPUStorage): boolean {
  const p = g.p;
  const cig = g.cin / p.groups;
  const cog = g.cout / p.groups;
  const wo4 = ceilTo(g.wo, 4);
  const b = dwBlock(cog, cig, textureForm(rt));
  const xt = imageTex('XI', p.groups * g.n, cig, c4Of(cig, b.rci), (g.ho - 1) * p.stride[0] + (g.kh - 1) * p.dilation[0] + 1, (wo4 - 1) * p.stride[1] + (g.kw - 1) * p.dilation[1] + 1);
  const dt = imageTex('DI', p.groups * g.n, cog, c4Of(cog, b.rco), g.ho, wo4);
  if (!xt || !dt) return false;
  const xTex = packInput(rt, x, g, xt);
  const dTex = packDyImage(rt, dy, {
    key: 'conv-dy',
    tex: dt,
    fields: baseFields(g).view4('dy', dy),
    lines: ['if (x >= u_Wo()) { return 0.0; }'],
    oh: 'y',
    ow: 'x',
  });
  const f = new Fields();
  pushGeometry(f, g);
  runConvTexDw(rt, {
    key: 'conv2dBackwardWeight',
    groups: p.groups,
    images: g.n,
    cog,
    cig,
    kh: g.kh,
    kw: g.kw,
    ho: g.ho,
    wo4,
    sh: p.stride[0],
    sw: p.stride[1],
    dh: p.dilation[0],
    dw: p.dilation[1],
    x: xt,
    xTex,
    d: dt,
    dTex,
    fields: f,
    buffers: [{ buffer: out.buffer, write: true }],
    store: () => `${bindingDecl(1, 'DW', 'f32', true)}
fn store(g: i32, co: i32, ci: i32, kh: i32, kw: i32, v: f32) {
  DW[(((g * u_Cog() + co) * u_Cig() + ci) * u_kH() + kh) * u_kW() + kw] = v;
}`,
  });
  releaseImageTex(rt, xTex);
  releaseImageTex(rt, dTex);
  return true;
}

