/**
 * Max pooling. Forward: one invocation per output scans its (dilated) window; padding
 * never wins (it is −∞), a strictly greater value or any NaN replaces the running
 * maximum (first of tied maxima wins, NaN propagates as in PyTorch), and the index is
 * flat within the (n, c) plane, ih·W + iw.
 *
 * Backward, given the window geometry: one invocation per input pixel gathers the dy of
 * the few windows that can cover it (those whose argmax index names it), in output
 * order, the same order the CPU backend adds them in; no atomics, fully parallel.
 * Without the geometry (callers that pass none) the windows covering a pixel cannot be
 * enumerated, so one invocation owns one (n, c) plane: it zeroes its plane of dx and
 * adds each dy of that plane at its argmax in output order (N·C invocations only).
 */
import type { Pool2dParams, View } from '../../../backend.js';
import { pool2dOutHW } from '../../../conv-shape.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { assertFloat32 } from './conv-dtype.js';
import { Fields, bindingDecl, view4At } from './gemm-uniforms.js';
import { planeCoordsWGSL, runPerElement } from './pool-launch.js';

export function maxPool2d(rt: GPURuntime, x: View, p: Pool2dParams): { values: GPUStorage; indices: GPUStorage } {
  assertFloat32('maxPool2d', x);
  const [n, c, h, w] = x.shape;
  const [ho, wo] = pool2dOutHW(h, w, p);
  const count = n * c * ho * wo;
  const values = rt.alloc('float32', count);
  const indices = rt.alloc('int32', count);
  const f = new Fields().view4('x', x);
  f.add('C', c).add('H', h).add('W', w).add('Ho', ho).add('Wo', wo);
  f.add('kH', p.kernel[0]).add('kW', p.kernel[1]).add('sh', p.stride[0]).add('sw', p.stride[1]);
  f.add('ph', p.padding[0]).add('pw', p.padding[1]).add('dh', p.dilation[0]).add('dw', p.dilation[1]);
  f.add('negInf', -Infinity, 'f32');
  runPerElement(rt, {
    key: 'maxPool2d',
    count,
    fields: f,
    buffers: [{ buffer: rt.storageOf(x).buffer }, { buffer: values.buffer, write: true }, { buffer: indices.buffer, write: true }],
    decls: () => `${bindingDecl(1, 'X', 'f32')}
${bindingDecl(2, 'V', 'f32', true)}
${bindingDecl(3, 'I', 'i32', true)}
${view4At('x')}
${planeCoordsWGSL}
fn isNan(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }
/** First in-bounds tap of a window starting at s0 (taps s0 + k·d), and its end (exclusive). */
fn span(s0: i32, k: i32, d: i32, size: i32) -> vec2<i32> {
  var a = s0;
  if (a < 0) { a = a + ((-a + d - 1) / d) * d; }
  return vec2<i32>(a, min(s0 + (k - 1) * d + 1, size));
}`,
    body: `let q = planeCoords(i, u_Ho(), u_Wo());
  let hs = span(q.y * u_sh() - u_ph(), u_kH(), u_dh(), u_H());
  let ws = span(q.z * u_sw() - u_pw(), u_kW(), u_dw(), u_W());
  let nn = q.x / u_C();
  let cc = q.x % u_C();
  var best = u_negInf();
  var bestIdx = hs.x * u_W() + ws.x;
  for (var ih = hs.x; ih < hs.y; ih = ih + u_dh()) {
    for (var iw = ws.x; iw < ws.y; iw = iw + u_dw()) {
      let v = X[x_at(nn, cc, ih, iw)];
      if (v > best || isNan(v)) {
        best = v;
        bestIdx = ih * u_W() + iw;
      }
    }
  }
  V[i] = best;
  I[i] = bestIdx;`,
  });
  return { values, indices };
}

export function maxPool2dBackward(rt: GPURuntime, dy: View, indices: View, xShape: readonly number[], p?: Pool2dParams): GPUStorage {
  assertFloat32('maxPool2dBackward', dy);
  if (p) return maxPool2dBackwardGather(rt, dy, indices, xShape, p);
  const [n, c, h, w] = xShape;
  const [, , ho, wo] = dy.shape;
  const { dx, f, buffers, bindings } = backwardOperands(rt, dy, indices, n * c * h * w);
  f.add('C', c).add('HW', h * w).add('Ho', ho).add('Wo', wo);
  runPerElement(rt, {
    key: 'maxPool2dBackward',
    count: n * c,
    fields: f,
    buffers,
    decls: () => `${bindings()}`,
    body: `let nn = i / u_C();
  let cc = i % u_C();
  let base = i * u_HW();
  for (var j = 0; j < u_HW(); j = j + 1) { DX[base + j] = 0.0; }
  for (var oh = 0; oh < u_Ho(); oh = oh + 1) {
    for (var ow = 0; ow < u_Wo(); ow = ow + 1) {
      let at = IX[ix_at(nn, cc, oh, ow)];
      if (at >= 0 && at < u_HW()) { DX[base + at] = DX[base + at] + DY[dy_at(nn, cc, oh, ow)]; }
    }
  }`,
  });
  return dx;
}

/** One invocation per dx element: outputs oh with oh·s − pad ≤ ih ≤ oh·s − pad + (k−1)·d may have picked it. */
function maxPool2dBackwardGather(rt: GPURuntime, dy: View, indices: View, xShape: readonly number[], p: Pool2dParams): GPUStorage {
  const [n, c, h, w] = xShape;
  const [, , ho, wo] = dy.shape;
  const { dx, f, buffers, bindings } = backwardOperands(rt, dy, indices, n * c * h * w);
  f.add('C', c).add('H', h).add('W', w).add('Ho', ho).add('Wo', wo);
  f.add('sh', p.stride[0]).add('sw', p.stride[1]).add('ph', p.padding[0]).add('pw', p.padding[1]);
  // The reach of a window past its start: (k − 1)·d.
  f.add('rh', (p.kernel[0] - 1) * p.dilation[0]).add('rw', (p.kernel[1] - 1) * p.dilation[1]);
  runPerElement(rt, {
    key: 'maxPool2dBackward:gather',
    count: n * c * h * w,
    fields: f,
    buffers,
    decls: () => `${bindings()}
${planeCoordsWGSL}
/** Outputs [lo, hi] along one axis whose windows can reach input coordinate x. */
fn reach(x: i32, pad: i32, r: i32, s: i32, size: i32) -> vec2<i32> {
  let first = x + pad - r;
  var lo = 0;
  if (first > 0) { lo = (first + s - 1) / s; }
  return vec2<i32>(lo, min(size - 1, (x + pad) / s));
}`,
    body: `let q = planeCoords(i, u_H(), u_W());
  let nn = q.x / u_C();
  let cc = q.x % u_C();
  let me = q.y * u_W() + q.z;
  let hr = reach(q.y, u_ph(), u_rh(), u_sh(), u_Ho());
  let wr = reach(q.z, u_pw(), u_rw(), u_sw(), u_Wo());
  var acc = 0.0;
  for (var oh = hr.x; oh <= hr.y; oh = oh + 1) {
    for (var ow = wr.x; ow <= wr.y; ow = ow + 1) {
      if (IX[ix_at(nn, cc, oh, ow)] == me) { acc = acc + DY[dy_at(nn, cc, oh, ow)]; }
    }
  }
  DX[i] = acc;`,
  });
  return dx;
}

/**
 * What both max-pool backward kernels bind: dy and the argmax indices (read as 4-d
 * views) and a fresh dx of `size` elements.
 */
function backwardOperands(rt: GPURuntime, dy: View, indices: View, size: number) {
  const dx = rt.alloc('float32', size);
  const f = new Fields().view4('dy', dy).view4('ix', indices);
  const buffers = [{ buffer: rt.storageOf(dy).buffer }, { buffer: rt.storageOf(indices).buffer }, { buffer: dx.buffer, write: true }];
  const bindings = (): string => `${bindingDecl(1, 'DY', 'f32')}
${bindingDecl(2, 'IX', 'i32')}
${bindingDecl(3, 'DX', 'f32', true)}
${view4At('dy')}
${view4At('ix')}`;
  return { dx, f, buffers, bindings };
}
