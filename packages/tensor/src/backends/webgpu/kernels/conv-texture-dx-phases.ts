/**
 * conv2d's input gradient for a strided convolution, split by output phase so no
 * multiply-add touches an inserted zero.
 *
 * dx[ih] = Σ_kh w[kh] · dy[(ih + ph − kh·dh) / sh] over the kh where sh divides
 * ih + ph − kh·dh. For the pixels of one phase, ih = a·sh + r, that set of kh depends only
 * on r: kh = kh0, kh0 + T, ... (T = sh / gcd(sh, dh)), and dy's row is a + const − s·(T·dh/sh).
 * So each of the sh·sw phases is a plain stride-1 convolution (conv-texture.ts) of the
 * padded dy with that phase's taps, dilation T·dh/sh and a per-phase origin: about
 * 1/(sh·sw) of the work of convolving the zero-inserted dy. Returns false, having
 * recorded nothing, when a phase has no taps at all (stride beyond the kernel's reach),
 * where those pixels are plain zeros and the zero-inserted path handles them.
 */
import type { View } from '../../../backend.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { type ConvGeometry, pushGeometry } from './conv-geometry.js';
import { convRm, runConvTex } from './conv-texture.js';
import { textureForm } from './gemm-texture.js';
import { type ImageTex, imageTex, releaseImageTex } from './conv-texture-image.js';
import { packDyImage } from './conv-texture-pack-dy.js';
import { packFilterImage } from './conv-texture-pack-filters.js';
import { Fields, bindingDecl } from './gemm-uniforms.js';

interface AxisPhase {
  /** Phase r (output index mod stride) and its number of output pixels. */
  r: number;
  count: number;
  /** Valid taps: kmax, kmax − step, ... (taps of them). */
  taps: number;
  kmax: number;
  step: number;
  /** Texel distance between consecutive taps, and the texel of pixel 0's first tap. */
  dil: number;
  origin: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const mod = (a: number, m: number): number => ((a % m) + m) % m;

/** Rows (or columns) of zeros in front of dy in the texture, so every origin is ≥ 0. */
const padOf = (k: number, s: number, d: number): number => Math.ceil(((k - 1) * d) / s);

/** The phases of one axis, or null if a phase with pixels has no tap. */
function axisPhases(size: number, k: number, s: number, p: number, d: number): AxisPhase[] | null {
  const step = s / gcd(s, d);
  const pad = padOf(k, s, d);
  const out: AxisPhase[] = [];
  for (let r = 0; r < s; r++) {
    const count = r < size ? Math.ceil((size - r) / s) : 0;
    if (count === 0) continue;
    let k0 = -1;
    for (let kk = 0; kk < Math.min(step, k); kk++) {
      if (mod(r + p - kk * d, s) === 0) {
        k0 = kk;
        break;
      }
    }
    if (k0 < 0) return null;
    const taps = Math.floor((k - 1 - k0) / step) + 1;
    const kmax = k0 + (taps - 1) * step;
    out.push({ r, count, taps, kmax, step, dil: (step * d) / s, origin: (r + p - kmax * d) / s + pad });
  }
  return out;
}

export function conv2dBackwardInputPhases(rt: GPURuntime, dy: View, w: View, g: ConvGeometry, out: GPUStorage): boolean {
  const p = g.p;
  const [sh, sw] = p.stride;
  const [dh, dw] = p.dilation;
  const rows = axisPhases(g.h, g.kh, sh, p.padding[0], dh);
  const cols = axisPhases(g.w, g.kw, sw, p.padding[1], dw);
  if (!rows || !cols) return false;
  const cig = g.cin / p.groups;
  const cog = g.cout / p.groups;
  const c4 = Math.ceil(cog / 4);
  const padH = padOf(g.kh, sh, dh);
  const padW = padOf(g.kw, sw, dw);
  const dt = imageTex('XI', p.groups * g.n, cog, c4, padH + Math.floor((g.h - 1 + p.padding[0]) / sh) + 1, padW + Math.floor((g.w - 1 + p.padding[1]) / sw) + 1);
  // One channel block for every phase (they share the weight rows): sized by all dX pixels.
  const rm = convRm(cig, g.n * g.h * g.w, textureForm(rt));
  const mp = Math.ceil(cig / rm) * rm;
  const maxTaps = Math.max(...rows.map((r) => r.taps)) * Math.max(...cols.map((c) => c.taps));
  const wProbe = imageTex('WI', p.groups * mp, cog, c4, 1, maxTaps);
  if (!dt || !wProbe) return false;

  const pf = new Fields();
  pushGeometry(pf, g);
  pf.add('N', g.n).view4('dy', dy).add('padH', padH).add('padW', padW);
  const dTex = packDyImage(rt, dy, {
    key: 'conv-dy-padded',
    tex: dt,
    fields: pf,
    lines: ['let oh = y - u_padH();', 'let ow = x - u_padW();', 'if (oh < 0 || oh >= u_Ho() || ow < 0 || ow >= u_Wo()) { return 0.0; }'],
    oh: 'oh',
    ow: 'ow',
  });

  for (const ry of rows) {
    for (const rx of cols) {
      const wt = imageTex('WI', p.groups * mp, cog, c4, 1, ry.taps * rx.taps) as ImageTex;
      const wf = new Fields();
      pushGeometry(wf, g);
      wf.view4('w', w).add('rows', cig).add('mp', mp).add('nw', rx.taps);
      wf.add('khmax', ry.kmax).add('kwmax', rx.kmax).add('Th', ry.step).add('Tw', rx.step);
      const wTex = packFilterImage(rt, w, {
        key: 'conv-filters:phase',
        tex: wt,
        fields: wf,
        lines: ['let kh = u_khmax() - (x / u_nw()) * u_Th();', 'let kw = u_kwmax() - (x % u_nw()) * u_Tw();'],
        at: 'w_at(gg * u_Cog() + c, m, kh, kw)',
      });
      const f = new Fields();
      pushGeometry(f, g);
      f.add('rh', ry.r).add('rw', rx.r);
      runConvTex(rt, {
        key: 'conv2dBackwardInput:phase',
        groups: p.groups,
        images: g.n,
        m: cig,
        rm,
        mp,
        ho: ry.count,
        wo: rx.count,
        kh: ry.taps,
        kw: rx.taps,
        sh: 1,
        sw: 1,
        dh: ry.dil,
        dw: rx.dil,
        oy: ry.origin,
        ox: rx.origin,
        x: dt,
        xTex: dTex,
        wTex,
        fields: f,
        buffers: [{ buffer: out.buffer, write: true }],
        store: () => `${bindingDecl(1, 'DX', 'f32', true)}
fn store(g: i32, m: i32, img: i32, a: i32, b: i32, v: f32) {
  DX[((img * u_Cin() + g * u_Cig() + m) * u_H() + a * u_sh() + u_rh()) * u_W() + b * u_sw() + u_rw()] = v;
}`,
      });
      releaseImageTex(rt, wTex);
    }
  }
  releaseImageTex(rt, dTex);
  return true;
}
