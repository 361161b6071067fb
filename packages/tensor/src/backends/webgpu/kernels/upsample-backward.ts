/**
 * upsample2d backward as a gather: input pixel (ih, iw) sums dy over the outputs whose
 * taps include it, weighted by the tap weights. Along each axis those outputs form a
 * short contiguous run (source coordinates are monotone in dst), so each invocation
 * scans a slightly widened estimate of the run and keeps the outputs whose taps,
 * recomputed with the forward arithmetic, really hit it.
 */
import type { UpsampleMode, View } from '../../../backend.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { assertFloat32 } from './conv-dtype.js';
import { Fields, bindingDecl, view4At } from './gemm-uniforms.js';
import { planeCoordsWGSL, runPerElement } from './pool-launch.js';
import { type Resample, resampleKind, resampleScale, tapsWGSL } from './upsample-taps.js';

/**
 * WGSL `fn run(i, n, m, scale) -> vec2<i32>`: an inclusive range of outputs (out of m)
 * that contains every output with a tap at input i (out of n), widened by a margin
 * that absorbs f32 rounding in the inverse map.
 */
function runWGSL(kind: Resample): string {
  if (kind === 'nearest') {
    // ⌊d·scale⌋ = i  ⇒  d ∈ [i/scale, (i+1)/scale); the last input also takes the clamped tail.
    return `
fn run(i: i32, n: i32, m: i32, scale: f32) -> vec2<i32> {
  let lo = max(i32(floor(f32(i) / scale)) - 2, 0);
  let hi = select(min(i32(ceil(f32(i + 1) / scale)) + 1, m - 1), m - 1, i == n - 1);
  return vec2<i32>(lo, hi);
}`;
  }
  // src(d) = a·d + b (clamped at 0); taps hit i when ⌊src⌋ ∈ {i − 1, i}, i.e. src ∈ [i − 1, i + 1).
  const b = kind === 'bilinear-ac' ? '0.0' : '0.5 * scale - 0.5';
  return `
fn run(i: i32, n: i32, m: i32, scale: f32) -> vec2<i32> {
  if (scale <= 0.0) { return vec2<i32>(0, m - 1); }
  let b = ${b};
  let lo = select(max(i32(floor((f32(i - 1) - b) / scale)) - 1, 0), 0, i <= 1);
  let hi = select(min(i32(ceil((f32(i + 1) - b) / scale)) + 1, m - 1), m - 1, i == n - 1);
  return vec2<i32>(lo, hi);
}`;
}

export function upsample2dBackward(rt: GPURuntime, dy: View, mode: UpsampleMode, xShape: readonly number[], alignCorners: boolean): GPUStorage {
  assertFloat32('upsample2dBackward', dy);
  const [n, c, h, w] = xShape;
  const [, , ho, wo] = dy.shape;
  const kind = resampleKind(mode, alignCorners);
  const count = n * c * h * w;
  const dx = rt.alloc('float32', count);
  const f = new Fields().view4('dy', dy);
  f.add('C', c).add('H', h).add('W', w).add('Ho', ho).add('Wo', wo);
  f.add('scaleH', resampleScale(kind, h, ho), 'f32').add('scaleW', resampleScale(kind, w, wo), 'f32');
  runPerElement(rt, {
    key: `upsample2dBackward:${kind}`,
    count,
    fields: f,
    buffers: [{ buffer: rt.storageOf(dy).buffer }, { buffer: dx.buffer, write: true }],
    decls: () => `${bindingDecl(1, 'DY', 'f32')}
${bindingDecl(2, 'DX', 'f32', true)}
${view4At('dy')}
${planeCoordsWGSL}
${tapsWGSL(kind)}
${runWGSL(kind)}
/** Weight with which output d's taps read input i (0 when neither tap is i). */
fn weightOf(d: i32, i: i32, n: i32, scale: f32) -> f32 {
  let t = tapsOf(d, n, scale);
  return select(0.0, 1.0 - t.l1, t.i0 == i) + select(0.0, t.l1, t.i1 == i);
}`,
    body: `let q = planeCoords(i, u_H(), u_W());
  let nn = q.x / u_C();
  let cc = q.x % u_C();
  let rh = run(q.y, u_H(), u_Ho(), u_scaleH());
  let rw = run(q.z, u_W(), u_Wo(), u_scaleW());
  var s = 0.0;
  for (var oh = rh.x; oh <= rh.y; oh = oh + 1) {
    let wy = weightOf(oh, q.y, u_H(), u_scaleH());
    if (wy == 0.0) { continue; }
    for (var ow = rw.x; ow <= rw.y; ow = ow + 1) {
      let wx = weightOf(ow, q.z, u_W(), u_scaleW());
      if (wx != 0.0) { s = s + wy * wx * DY[dy_at(nn, cc, oh, ow)]; }
    }
  }
  DX[i] = s;`,
  });
  return dx;
}
