/**
 * upsample2d forward (NCHW): each output pixel blends its ≤ 4 source taps
 * (upsample-taps.ts) with weights l0h·l0w, l0h·l1w, l1h·l0w, l1h·l1w (nearest is the
 * special case l1 = 0, i1 = i0).
 */
import type { UpsampleMode, View } from '../../../backend.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { assertFloat32 } from './conv-dtype.js';
import { Fields, bindingDecl, view4At } from './gemm-uniforms.js';
import { planeCoordsWGSL, runPerElement } from './pool-launch.js';
import { resampleKind, resampleScale, tapsWGSL } from './upsample-taps.js';

export function upsample2d(rt: GPURuntime, x: View, mode: UpsampleMode, outHW: [number, number], alignCorners: boolean): GPUStorage {
  assertFloat32('upsample2d', x);
  const [n, c, h, w] = x.shape;
  const [ho, wo] = outHW;
  const kind = resampleKind(mode, alignCorners);
  const count = n * c * ho * wo;
  const out = rt.alloc('float32', count);
  const f = new Fields().view4('x', x);
  f.add('C', c).add('H', h).add('W', w).add('Ho', ho).add('Wo', wo);
  f.add('scaleH', resampleScale(kind, h, ho), 'f32').add('scaleW', resampleScale(kind, w, wo), 'f32');
  runPerElement(rt, {
    key: `upsample2d:${kind}`,
    count,
    fields: f,
    buffers: [{ buffer: rt.storageOf(x).buffer }, { buffer: out.buffer, write: true }],
    decls: () => `${bindingDecl(1, 'X', 'f32')}
${bindingDecl(2, 'Y', 'f32', true)}
${view4At('x')}
${planeCoordsWGSL}
${tapsWGSL(kind)}`,
    body: `let q = planeCoords(i, u_Ho(), u_Wo());
  let nn = q.x / u_C();
  let cc = q.x % u_C();
  let th = tapsOf(q.y, u_H(), u_scaleH());
  let tw = tapsOf(q.z, u_W(), u_scaleW());
  ${kind === 'nearest' ? blendNearest : blendBilinear}`,
  });
  return out;
}

// Nearest copies its tap: multiplying by a zero weight would turn an inf into NaN.
const blendNearest = 'Y[i] = X[x_at(nn, cc, th.i0, tw.i0)];';
const blendBilinear = `let top = (1.0 - tw.l1) * X[x_at(nn, cc, th.i0, tw.i0)] + tw.l1 * X[x_at(nn, cc, th.i0, tw.i1)];
  let bottom = (1.0 - tw.l1) * X[x_at(nn, cc, th.i1, tw.i0)] + tw.l1 * X[x_at(nn, cc, th.i1, tw.i1)];
  Y[i] = (1.0 - th.l1) * top + th.l1 * bottom;`;
