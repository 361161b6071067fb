import type { Conv2dParams, View } from '../../backend.js';
import type { TypedArray } from '../../dtype.js';
import { gemmNN, gemmNT } from './gemm.js';
import { col2im, convGeometry, im2col, type ConvGeometry } from './im2col.js';
import { Slot, scratchF64, zeroedF64 } from './scratch.js';
import { allocOutput, copyFromF64, fromF64 } from './storage.js';
import { readF64, readF64Into } from './strided.js';

/**
 * NCHW convolutions (weight [Cout, Cin/groups, kH, kW]) lowered per group to one matrix
 * product over the whole batch (see im2col.ts), all in double precision:
 *   forward          y_g  = w_g · col_g
 *   backward input   dx  += col2im(w_gᵀ · dy_g)
 *   backward weight  dw_g = dy_g · col_gᵀ
 * The in-bounds entries of the column matrix sit at the same places for every group, so
 * one zeroed buffer serves all groups: each im2col overwrites exactly those entries.
 * Temporaries live in scratch slots (see scratch.ts): A input, B column matrix,
 * C accumulator, D output gradient (channel-major), E staging for D.
 */

/** A [N, C, plane] view as doubles laid out [C, N·plane] (channel-major, the layout the products use). */
function readChannelMajor(view: View, N: number, C: number, plane: number): Float64Array {
  const v = readF64Into(view, scratchF64(Slot.E, N * C * plane));
  const out = scratchF64(Slot.D, v.length);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) out.set(v.subarray((n * C + c) * plane, (n * C + c + 1) * plane), (c * N + n) * plane);
  }
  return out;
}

/** [C, N·plane] → [N, C, plane] in the output array (whose store rounds to its dtype). */
function fromChannelMajor(v: Float64Array, out: TypedArray, N: number, C: number, plane: number): void {
  for (let c = 0; c < C; c++) {
    for (let n = 0; n < N; n++) out.set(v.subarray((c * N + n) * plane, (c * N + n + 1) * plane), (n * C + c) * plane);
  }
}

/** The [Cout/groups, K] weight block of group `grp`, transposed to [K, Cout/groups]. */
function transposedWeights(Wt: Float64Array, g: ConvGeometry, grp: number): Float64Array {
  const { Cog, K } = g;
  const out = new Float64Array(K * Cog);
  for (let oc = 0; oc < Cog; oc++) {
    const row = (grp * Cog + oc) * K;
    for (let k = 0; k < K; k++) out[k * Cog + oc] = Wt[row + k];
  }
  return out;
}

export function conv2dKernel(x: View, w: View, bias: View | null, p: Conv2dParams): TypedArray {
  const g = convGeometry(x.shape, w.shape, p);
  const { N, Co, OH, OW, Cog, K, P } = g;
  const X = readF64Into(x, scratchF64(Slot.A, g.N * g.C * g.H * g.W));
  const Wt = readF64(w);
  const y = scratchF64(Slot.C, Co * P); // [Co, N·OH·OW]
  const B = bias ? readF64(bias) : null;
  for (let oc = 0; oc < Co; oc++) y.fill(B ? B[oc] : 0, oc * P, (oc + 1) * P);
  const col = zeroedF64(Slot.B, K * P);
  for (let grp = 0; grp < g.groups; grp++) {
    im2col(g, grp, X, col);
    gemmNN(Wt, grp * Cog * K, col, 0, y, grp * Cog * P, Cog, K, P);
  }
  // Conv is float-only (the front end checks), so a plain store rounds correctly.
  const out = allocOutput(x.dtype, y.length);
  fromChannelMajor(y, out, N, Co, OH * OW);
  return out;
}

/** dx[n, ic, ih, iw] = Σ w[oc, ic, kh, kw] · dy[n, oc, oh, ow] over taps that read (ih, iw). */
export function conv2dBackwardInputKernel(dy: View, w: View, xShape: readonly number[], p: Conv2dParams): TypedArray {
  const g = convGeometry(xShape, w.shape, p);
  const { N, Co, OH, OW, Cog, K, P } = g;
  const DY = readChannelMajor(dy, N, Co, OH * OW);
  const Wt = readF64(w);
  const dx = zeroedF64(Slot.C, N * g.C * g.H * g.W);
  const col = scratchF64(Slot.B, K * P);
  for (let grp = 0; grp < g.groups; grp++) {
    col.fill(0);
    gemmNN(transposedWeights(Wt, g, grp), 0, DY, grp * Cog * P, col, 0, K, Cog, P);
    col2im(g, grp, col, dx);
  }
  return copyFromF64(dx, dy.dtype);
}

/** dw[oc, ic, kh, kw] = Σ_{n, oh, ow} dy[n, oc, oh, ow] · x[n, ic, ih, iw]. */
export function conv2dBackwardWeightKernel(x: View, dy: View, wShape: readonly number[], p: Conv2dParams): TypedArray {
  const g = convGeometry(x.shape, wShape, p);
  const { N, Co, OH, OW, Cog, K, P } = g;
  const X = readF64Into(x, scratchF64(Slot.A, g.N * g.C * g.H * g.W));
  const DY = readChannelMajor(dy, N, Co, OH * OW);
  const dw = new Float64Array(Co * K);
  const col = zeroedF64(Slot.B, K * P);
  for (let grp = 0; grp < g.groups; grp++) {
    im2col(g, grp, X, col);
    gemmNT(DY, grp * Cog * P, col, 0, dw, grp * Cog * K, Cog, P, K);
  }
  return fromF64(dw, x.dtype);
}
