/**
 * Average pooling with PyTorch's window rule: the window [o·s − p, o·s − p + k) is
 * clipped to the padded input (its size is the divisor with countIncludePad; ceil-mode
 * windows lose their overhang), then to the input (the summed taps, and the divisor
 * without countIncludePad). An empty window gives 0.
 *
 * Backward is a gather: input pixel ih lies in the windows of
 * oh ∈ [⌈(ih + p − k + 1)/s⌉, ⌊(ih + p)/s⌋] (and likewise along w), so each invocation
 * visits at most ⌈k/s⌉² windows.
 */
import type { Pool2dParams, View } from '../../../backend.js';
import { pool2dOutHW } from '../../../conv-shape.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { assertFloat32 } from './conv-dtype.js';
import { Fields, bindingDecl, view4At } from './gemm-uniforms.js';
import { planeCoordsWGSL, runPerElement } from './pool-launch.js';

function pushWindow(f: Fields, c: number, h: number, w: number, ho: number, wo: number, p: Pool2dParams): void {
  f.add('C', c).add('H', h).add('W', w).add('Ho', ho).add('Wo', wo);
  f.add('kH', p.kernel[0]).add('kW', p.kernel[1]).add('sh', p.stride[0]).add('sw', p.stride[1]);
  f.add('ph', p.padding[0]).add('pw', p.padding[1]).add('incPad', p.countIncludePad ? 1 : 0);
}

/** WGSL: the clipped window (h0, h1, w0, w1) of output (oh, ow) and its divisor. */
const windowWGSL = `
struct Win { h0: i32, h1: i32, w0: i32, w1: i32, div: f32 }
fn windowAt(oh: i32, ow: i32) -> Win {
  var h0 = oh * u_sh() - u_ph();
  var w0 = ow * u_sw() - u_pw();
  var h1 = min(h0 + u_kH(), u_H() + u_ph());
  var w1 = min(w0 + u_kW(), u_W() + u_pw());
  let padded = (h1 - h0) * (w1 - w0);
  h0 = max(h0, 0);
  w0 = max(w0, 0);
  h1 = min(h1, u_H());
  w1 = min(w1, u_W());
  let div = select((h1 - h0) * (w1 - w0), padded, u_incPad() != 0);
  return Win(h0, h1, w0, w1, f32(div));
}`;

export function avgPool2d(rt: GPURuntime, x: View, p: Pool2dParams): GPUStorage {
  assertFloat32('avgPool2d', x);
  const [n, c, h, w] = x.shape;
  const [ho, wo] = pool2dOutHW(h, w, { ...p, dilation: [1, 1] });
  const count = n * c * ho * wo;
  const out = rt.alloc('float32', count);
  const f = new Fields().view4('x', x);
  pushWindow(f, c, h, w, ho, wo, p);
  runPerElement(rt, {
    key: 'avgPool2d',
    count,
    fields: f,
    buffers: [{ buffer: rt.storageOf(x).buffer }, { buffer: out.buffer, write: true }],
    decls: () => `${bindingDecl(1, 'X', 'f32')}
${bindingDecl(2, 'Y', 'f32', true)}
${view4At('x')}
${planeCoordsWGSL}
${windowWGSL}`,
    body: `let q = planeCoords(i, u_Ho(), u_Wo());
  let nn = q.x / u_C();
  let cc = q.x % u_C();
  let win = windowAt(q.y, q.z);
  var s = 0.0;
  for (var ih = win.h0; ih < win.h1; ih = ih + 1) {
    for (var iw = win.w0; iw < win.w1; iw = iw + 1) { s = s + X[x_at(nn, cc, ih, iw)]; }
  }
  Y[i] = select(0.0, s / win.div, win.h0 < win.h1 && win.w0 < win.w1);`,
  });
  return out;
}

export function avgPool2dBackward(rt: GPURuntime, dy: View, xShape: readonly number[], p: Pool2dParams): GPUStorage {
  assertFloat32('avgPool2dBackward', dy);
  const [n, c, h, w] = xShape;
  const [, , ho, wo] = dy.shape;
  const count = n * c * h * w;
  const dx = rt.alloc('float32', count);
  const f = new Fields().view4('dy', dy);
  pushWindow(f, c, h, w, ho, wo, p);
  runPerElement(rt, {
    key: 'avgPool2dBackward',
    count,
    fields: f,
    buffers: [{ buffer: rt.storageOf(dy).buffer }, { buffer: dx.buffer, write: true }],
    decls: () => `${bindingDecl(1, 'DY', 'f32')}
${bindingDecl(2, 'DX', 'f32', true)}
${view4At('dy')}
${planeCoordsWGSL}
${windowWGSL}
/** Outputs o whose window [o·s − p, o·s − p + k) holds pixel i, clipped to [0, n). */
fn covering(i: i32, k: i32, s: i32, p: i32, n: i32) -> vec2<i32> {
  let a = i + p - k + 1;
  let lo = select(0, (a + s - 1) / s, a > 0);
  return vec2<i32>(lo, min((i + p) / s, n - 1));
}`,
    body: `let q = planeCoords(i, u_H(), u_W());
  let nn = q.x / u_C();
  let cc = q.x % u_C();
  let rh = covering(q.y, u_kH(), u_sh(), u_ph(), u_Ho());
  let rw = covering(q.z, u_kW(), u_sw(), u_pw(), u_Wo());
  var s = 0.0;
  for (var oh = rh.x; oh <= rh.y; oh = oh + 1) {
    for (var ow = rw.x; ow <= rw.y; ow = ow + 1) {
      s = s + DY[dy_at(nn, cc, oh, ow)] / windowAt(oh, ow).div;
    }
  }
  DX[i] = s;`,
  });
  return dx;
}
