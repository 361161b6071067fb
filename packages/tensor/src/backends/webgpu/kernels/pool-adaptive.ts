/**
 * Adaptive average pooling with the floor/ceil window of conv-shape's adaptiveRange:
 * output o averages input [⌊o·In/Out⌋, ⌈(o+1)·In/Out⌉). Backward is a gather: input i
 * lies in the windows of o ∈ [⌊i·Out/In⌋, ⌈(i+1)·Out/In⌉ − 1], each checked against the
 * same window rule, so every input visits only the few windows that hold it.
 */
import type { View } from '../../../backend.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { assertFloat32 } from './conv-dtype.js';
import { Fields, bindingDecl, view4At } from './gemm-uniforms.js';
import { planeCoordsWGSL, runPerElement } from './pool-launch.js';

const rangeWGSL = `
/** adaptiveRange: [start, end) of output o's window over an axis of length n → m. */
fn adaptiveRange(o: i32, n: i32, m: i32) -> vec2<i32> {
  return vec2<i32>((o * n) / m, ((o + 1) * n + m - 1) / m);
}`;

function pushSizes(f: Fields, c: number, h: number, w: number, ho: number, wo: number): Fields {
  return f.add('C', c).add('H', h).add('W', w).add('Ho', ho).add('Wo', wo);
}

export function adaptiveAvgPool2d(rt: GPURuntime, x: View, outHW: [number, number]): GPUStorage {
  assertFloat32('adaptiveAvgPool2d', x);
  const [n, c, h, w] = x.shape;
  const [ho, wo] = outHW;
  const count = n * c * ho * wo;
  const out = rt.alloc('float32', count);
  const f = pushSizes(new Fields().view4('x', x), c, h, w, ho, wo);
  runPerElement(rt, {
    key: 'adaptiveAvgPool2d',
    count,
    fields: f,
    buffers: [{ buffer: rt.storageOf(x).buffer }, { buffer: out.buffer, write: true }],
    decls: () => `${bindingDecl(1, 'X', 'f32')}
${bindingDecl(2, 'Y', 'f32', true)}
${view4At('x')}
${planeCoordsWGSL}
${rangeWGSL}`,
    body: `let q = planeCoords(i, u_Ho(), u_Wo());
  let nn = q.x / u_C();
  let cc = q.x % u_C();
  let rh = adaptiveRange(q.y, u_H(), u_Ho());
  let rw = adaptiveRange(q.z, u_W(), u_Wo());
  var s = 0.0;
  for (var ih = rh.x; ih < rh.y; ih = ih + 1) {
    for (var iw = rw.x; iw < rw.y; iw = iw + 1) { s = s + X[x_at(nn, cc, ih, iw)]; }
  }
  Y[i] = s / f32((rh.y - rh.x) * (rw.y - rw.x));`,
  });
  return out;
}

export function adaptiveAvgPool2dBackward(rt: GPURuntime, dy: View, xShape: readonly number[]): GPUStorage {
  assertFloat32('adaptiveAvgPool2dBackward', dy);
  const [n, c, h, w] = xShape;
  const [, , ho, wo] = dy.shape;
  const count = n * c * h * w;
  const dx = rt.alloc('float32', count);
  const f = pushSizes(new Fields().view4('dy', dy), c, h, w, ho, wo);
  runPerElement(rt, {
    key: 'adaptiveAvgPool2dBackward',
    count,
    fields: f,
    buffers: [{ buffer: rt.storageOf(dy).buffer }, { buffer: dx.buffer, write: true }],
    decls: () => `${bindingDecl(1, 'DY', 'f32')}
${bindingDecl(2, 'DX', 'f32', true)}
${view4At('dy')}
${planeCoordsWGSL}
${rangeWGSL}
/** Candidate outputs whose window may hold input i (n inputs → m outputs). */
fn candidates(i: i32, n: i32, m: i32) -> vec2<i32> {
  return vec2<i32>((i * m) / n, min(((i + 1) * m + n - 1) / n - 1, m - 1));
}`,
    body: `let q = planeCoords(i, u_H(), u_W());
  let nn = q.x / u_C();
  let cc = q.x % u_C();
  let ch = candidates(q.y, u_H(), u_Ho());
  let cw = candidates(q.z, u_W(), u_Wo());
  var s = 0.0;
  for (var oh = ch.x; oh <= ch.y; oh = oh + 1) {
    let rh = adaptiveRange(oh, u_H(), u_Ho());
    if (q.y < rh.x || q.y >= rh.y) { continue; }
    for (var ow = cw.x; ow <= cw.y; ow = ow + 1) {
      let rw = adaptiveRange(ow, u_W(), u_Wo());
      if (q.z < rw.x || q.z >= rw.y) { continue; }
      s = s + DY[dy_at(nn, cc, oh, ow)] / f32((rh.y - rh.x) * (rw.y - rw.x));
    }
  }
  DX[i] = s;`,
  });
  return dx;
}
