/**
 * conv2d forward as an implicit GEMM, batched over groups:
 *   y[n, g·Cog + m, oh, ow] = Σ_{k=(ci,kh,kw)} w[g·Cog + m, ci, kh, kw] · x[n, g·Cig + ci, ih, iw] (+ bias)
 * with ih = oh·sh − ph + kh·dh (likewise iw). The GEMM's N axis is all output pixels of
 * all images (n, oh, ow), so small feature maps still fill whole tiles; loadB does the
 * im2col index math (zero outside the input) without materialising the matrix.
 */
import type { Conv2dParams, View } from '../../../backend.js';
import { conv2dOutHW } from '../../../conv-shape.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { runGemm } from './gemm.js';
import { Fields, bindingDecl, view4At } from './gemm-uniforms.js';
import { convGeometry, geometryWGSL, pushGeometry } from './conv-geometry.js';
import { assertFloat32 } from './conv-dtype.js';

export function conv2d(rt: GPURuntime, x: View, w: View, bias: View | null, p: Conv2dParams): GPUStorage {
  assertFloat32('conv2d', x, w, ...(bias ? [bias] : []));
  const [ho, wo] = conv2dOutHW(x.shape[2], x.shape[3], w.shape[2], w.shape[3], p);
  const g = convGeometry(x.shape, w.shape, [x.shape[0], w.shape[0], ho, wo], p);
  const out = rt.alloc('float32', g.n * g.cout * ho * wo);
  const f = new Fields();
  pushGeometry(f, g);
  f.view4('x', x).view4('w', w);
  if (bias) f.add('bOff', bias.offset).add('bS', bias.strides[0]);
  const buffers = [{ buffer: rt.storageOf(x).buffer }, { buffer: rt.storageOf(w).buffer }];
  if (bias) buffers.push({ buffer: rt.storageOf(bias).buffer });
  const outBinding = buffers.length + 1;

  runGemm(rt, {
    key: `conv2d:${bias ? 'bias' : 'nobias'}`,
    elem: 'f32',
    batch: p.groups,
    m: g.cout / p.groups,
    n: g.n * ho * wo,
    k: (g.cin / p.groups) * g.kh * g.kw,
    fields: f,
    buffers: [...buffers, { buffer: out.buffer, write: true }],
    operands: () => `${bindingDecl(1, 'X', 'f32')}
${bindingDecl(2, 'Wt', 'f32')}
${bias ? bindingDecl(3, 'Bias', 'f32') : ''}
${bindingDecl(outBinding, 'Y', 'f32', true)}
${view4At('x')}
${view4At('w')}
${geometryWGSL}
fn gemmSetup(g: i32) {}
fn loadA(g: i32, m: i32, k: i32) -> f32 {
  let t = tapOf(k);
  return Wt[w_at(g * u_Cog() + m, t.x, t.y, t.z)];
}
fn loadB(g: i32, k: i32, j: i32) -> f32 {
  let t = tapOf(k);
  let px = pixelOf(j, u_Ho(), u_Wo());
  let ih = px.y * u_sh() - u_ph() + t.y * u_dh();
  let iw = px.z * u_sw() - u_pw() + t.z * u_dw();
  if (ih < 0 || ih >= u_H() || iw < 0 || iw >= u_W()) { return 0.0; }
  return X[x_at(px.x, g * u_Cig() + t.x, ih, iw)];
}
fn store(g: i32, m: i32, j: i32, v: f32) {
  let co = g * u_Cog() + m;
  let px = pixelOf(j, u_Ho(), u_Wo());
  ${bias ? 'let r = v + Bias[u_bOff() + co * u_bS()];' : 'let r = v;'}
  Y[((px.x * u_Cout() + co) * u_Ho() + px.y) * u_Wo() + px.z] = r;
}`,
  });
  return out;
}
