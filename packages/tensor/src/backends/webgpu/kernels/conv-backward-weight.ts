/**
 * conv2d's weight gradient as an implicit GEMM, batched over groups, reducing over
 * every output pixel of every image (K = N·Ho·Wo):
 *   dw[g·Cog + m, ci, kh, kw] = Σ_{k=(n,oh,ow)} dy[n, g·Cog + m, oh, ow] · x[n, g·Cig + ci, ih, iw]
 * with ih = oh·sh − ph + kh·dh (likewise iw), zero outside the input. On adapters that
 * take the GEMM's texture variant it runs over packed textures (conv-texture-dw.ts).
 */
import type { Conv2dParams, View } from '../../../backend.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { runGemm } from './gemm.js';
import { Fields, bindingDecl, view4At } from './gemm-uniforms.js';
import { convGeometry, geometryWGSL, pushGeometry } from './conv-geometry.js';
import { assertFloat32 } from './conv-dtype.js';
import { conv2dBackwardWeightTexture, convWantsTexture } from './conv-texture-ops.js';

export function conv2dBackwardWeight(rt: GPURuntime, x: View, dy: View, wShape: readonly number[], p: Conv2dParams): GPUStorage {
  assertFloat32('conv2dBackwardWeight', x, dy);
  const g = convGeometry(x.shape, wShape, dy.shape, p);
  const taps = (g.cin / p.groups) * g.kh * g.kw;
  const out = rt.alloc('float32', g.cout * taps);
  const [m, n, k] = [g.cout / p.groups, taps, g.n * g.ho * g.wo];
  if (convWantsTexture(rt, p.groups, m, n, k) && conv2dBackwardWeightTexture(rt, x, dy, g, out)) return out;
  const f = new Fields();
  pushGeometry(f, g);
  f.view4('x', x).view4('dy', dy);

  runGemm(rt, {
    key: 'conv2dBackwardWeight',
    elem: 'f32',
    batch: p.groups,
    m,
    n,
    k,
    fields: f,
    buffers: [{ buffer: rt.storageOf(x).buffer }, { buffer: rt.storageOf(dy).buffer }, { buffer: out.buffer, write: true }],
    operands: () => `${bindingDecl(1, 'X', 'f32')}
${bindingDecl(2, 'DY', 'f32')}
${bindingDecl(3, 'DW', 'f32', true)}
${view4At('x')}
${view4At('dy')}
${geometryWGSL}
fn gemmSetup(g: i32) {}
fn loadA(g: i32, m: i32, k: i32) -> f32 {
  let px = pixelOf(k, u_Ho(), u_Wo());
  return DY[dy_at(px.x, g * u_Cog() + m, px.y, px.z)];
}
fn loadB(g: i32, k: i32, j: i32) -> f32 {
  let t = tapOf(j);
  let px = pixelOf(k, u_Ho(), u_Wo());
  let ih = px.y * u_sh() - u_ph() + t.y * u_dh();
  let iw = px.z * u_sw() - u_pw() + t.z * u_dw();
  if (ih < 0 || ih >= u_H() || iw < 0 || iw >= u_W()) { return 0.0; }
  return X[x_at(px.x, g * u_Cig() + t.x, ih, iw)];
}
fn store(g: i32, m: i32, j: i32, v: f32) {
  DW[(g * u_Cog() + m) * u_N() + j] = v;
}`,
  });
  return out;
}
