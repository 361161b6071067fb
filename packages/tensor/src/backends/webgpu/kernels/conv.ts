/**
 * conv2d forward as an implicit GEMM, batched over groups:
 *   y[n, g·Cog + m, oh, ow] = Σ_{k=(ci,kh,kw)} w[g·Cog + m, ci, kh, kw] · x[n, g·Cig + ci, ih, iw] (+ bias)
 * with ih = oh·sh − ph + kh·dh (likewise iw). The GEMM's N axis is all output pixels of
 * all images (n, oh, ow), so small feature maps still fill whole tiles; loadB does the
 * im2col index math (zero outside the input) without materialising the matrix.
 * A 1×1, stride-1, unpadded, ungrouped convolution is a plain batched matmul
 * (W[Cout, Cin] @ X[n][Cin, H·W]) and runs as one. On adapters that take the GEMM's
 * texture variant, the rest run as direct convolutions over packed textures
 * (conv-texture-ops.ts). Bias and an optional activation
 * are applied in the GEMM's store (the fused epilogue).
 */
import type { Conv2dParams, FusedActivation, View } from '../../../backend.js';
import { conv2dOutHW } from '../../../conv-shape.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { runGemm } from './gemm.js';
import { Fields, bindingDecl, view4At } from './gemm-uniforms.js';
import { convGeometry, geometryWGSL, pushGeometry } from './conv-geometry.js';
import { assertFloat32 } from './conv-dtype.js';
import { activationWGSL, epilogueWGSL } from './epilogue.js';
import { matmul } from './matmul.js';
import { conv2dTexture, convWantsTexture } from './conv-texture-ops.js';

/** x as [N, Cin, H·W] when H and W merge (row-major within a channel plane). */
function pointwiseView(x: View, w: View, p: Conv2dParams): { x: View; w: View } | null {
  const pointwise = w.shape[2] === 1 && w.shape[3] === 1 && p.groups === 1 && p.stride.every((s) => s === 1) && p.padding.every((q) => q === 0);
  if (!pointwise || x.strides[2] !== x.shape[3] * x.strides[3]) return null;
  const [n, cin, h, wd] = x.shape;
  return {
    x: { ...x, shape: [n, cin, h * wd], strides: [x.strides[0], x.strides[1], x.strides[3]] },
    w: { ...w, shape: [n, w.shape[0], cin], strides: [0, w.strides[0], w.strides[1]] },
  };
}

export function conv2d(rt: GPURuntime, x: View, w: View, bias: View | null, p: Conv2dParams, activation: FusedActivation = 'none'): GPUStorage {
  assertFloat32('conv2d', x, w, ...(bias ? [bias] : []));
  const pw = pointwiseView(x, w, p);
  if (pw) return matmul(rt, pw.w, pw.x, 'float32', { bias, biasAxis: 'm', activation });
  const [ho, wo] = conv2dOutHW(x.shape[2], x.shape[3], w.shape[2], w.shape[3], p);
  const g = convGeometry(x.shape, w.shape, [x.shape[0], w.shape[0], ho, wo], p);
  const out = rt.alloc('float32', g.n * g.cout * ho * wo);
  const [m, n, k] = [g.cout / p.groups, g.n * ho * wo, (g.cin / p.groups) * g.kh * g.kw];
  if (convWantsTexture(rt, p.groups, m, n, k) && conv2dTexture(rt, x, w, bias, g, out, activation)) return out;
  const f = new Fields();
  pushGeometry(f, g);
  f.view4('x', x).view4('w', w);
  if (bias) f.add('bOff', bias.offset).add('bS', bias.strides[0]);
  const buffers = [{ buffer: rt.storageOf(x).buffer }, { buffer: rt.storageOf(w).buffer }];
  if (bias) buffers.push({ buffer: rt.storageOf(bias).buffer });
  const outBinding = buffers.length + 1;

  runGemm(rt, {
    key: `conv2d:${bias ? 'bias' : 'nobias'}:${activation}`,
    elem: 'f32',
    batch: p.groups,
    m,
    n,
    k,
    fields: f,
    buffers: [...buffers, { buffer: out.buffer, write: true }],
    operands: () => `${bindingDecl(1, 'X', 'f32')}
${bindingDecl(2, 'Wt', 'f32')}
${bias ? bindingDecl(3, 'Bias', 'f32') : ''}
${bindingDecl(outBinding, 'Y', 'f32', true)}
${view4At('x')}
${view4At('w')}
${geometryWGSL}
${activation !== 'none' ? epilogueWGSL({ activation }, 0) : ''}
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
  Y[((px.x * u_Cout() + co) * u_Ho() + px.y) * u_Wo() + px.z] = ${activationWGSL(activation, 'r')};
}`,
  });
  return out;
}
