/**
 * conv2d's input gradient as an implicit GEMM, batched over groups:
 *   dx[n, g·Cig + m, ih, iw] = Σ_{k=(co,kh,kw)} w[g·Cog + co, m, kh, kw] · dy[n, g·Cog + co, oh, ow]
 * where oh = (ih + ph − kh·dh) / sh must be a whole, in-range number (the tap only
 * touched this input pixel if the stride divides the distance), likewise ow.
 * 1×1, stride-1, unpadded, ungrouped: a plain batched matmul Wᵀ[Cin, Cout] @ dy[n][Cout, H·W].
 * On adapters that take the GEMM's texture variant the rest run over packed textures
 * (conv-texture-ops.ts), as a convolution of the padded dy with the flipped filters.
 */
import type { Conv2dParams, View } from '../../../backend.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { runGemm } from './gemm.js';
import { Fields, bindingDecl, view4At } from './gemm-uniforms.js';
import { convGeometry, geometryWGSL, pushGeometry } from './conv-geometry.js';
import { assertFloat32 } from './conv-dtype.js';
import { matmul } from './matmul.js';
import { conv2dBackwardInputTexture, convWantsTexture } from './conv-texture-ops.js';

export function conv2dBackwardInput(rt: GPURuntime, dy: View, w: View, xShape: readonly number[], p: Conv2dParams): GPUStorage {
  assertFloat32('conv2dBackwardInput', dy, w);
  const pointwise = w.shape[2] === 1 && w.shape[3] === 1 && p.groups === 1 && p.stride.every((s) => s === 1) && p.padding.every((q) => q === 0);
  if (pointwise && dy.strides[2] === dy.shape[3] * dy.strides[3]) {
    const [n, cout, h, wd] = dy.shape;
    const wT: View = { ...w, shape: [n, w.shape[1], cout], strides: [0, w.strides[1], w.strides[0]] };
    const d: View = { ...dy, shape: [n, cout, h * wd], strides: [dy.strides[0], dy.strides[1], dy.strides[3]] };
    return matmul(rt, wT, d, 'float32');
  }
  const g = convGeometry(xShape, w.shape, dy.shape, p);
  const out = rt.alloc('float32', g.n * g.cin * g.h * g.w);
  const [m, n, k] = [g.cin / p.groups, g.n * g.h * g.w, (g.cout / p.groups) * g.kh * g.kw];
  if (convWantsTexture(rt, p.groups, m, n, k) && conv2dBackwardInputTexture(rt, dy, w, g, out)) return out;
  const f = new Fields();
  pushGeometry(f, g);
  f.view4('dy', dy).view4('w', w);

  runGemm(rt, {
    key: 'conv2dBackwardInput',
    elem: 'f32',
    batch: p.groups,
    m,
    n,
    k,
    fields: f,
    buffers: [{ buffer: rt.storageOf(dy).buffer }, { buffer: rt.storageOf(w).buffer }, { buffer: out.buffer, write: true }],
    operands: () => `${bindingDecl(1, 'DY', 'f32')}
${bindingDecl(2, 'Wt', 'f32')}
${bindingDecl(3, 'DX', 'f32', true)}
${view4At('dy')}
${view4At('w')}
${geometryWGSL}
fn gemmSetup(g: i32) {}
fn loadA(g: i32, m: i32, k: i32) -> f32 {
  let t = tapOf(k);
  return Wt[w_at(g * u_Cog() + t.x, m, t.y, t.z)];
}
fn loadB(g: i32, k: i32, j: i32) -> f32 {
  let t = tapOf(k);
  let px = pixelOf(j, u_H(), u_W());
  let th = px.y + u_ph() - t.y * u_dh();
  let tw = px.z + u_pw() - t.z * u_dw();
  if (th < 0 || tw < 0 || th % u_sh() != 0 || tw % u_sw() != 0) { return 0.0; }
  let oh = th / u_sh();
  let ow = tw / u_sw();
  if (oh >= u_Ho() || ow >= u_Wo()) { return 0.0; }
  return DY[dy_at(px.x, g * u_Cog() + t.x, oh, ow)];
}
fn store(g: i32, m: i32, j: i32, v: f32) {
  let px = pixelOf(j, u_H(), u_W());
  DX[((px.x * u_Cin() + g * u_Cig() + m) * u_H() + px.y) * u_W() + px.z] = v;
}`,
  });
  return out;
}
