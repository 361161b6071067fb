import type { Conv2dParams } from '../../backend.js';
import { conv2dOutHW } from '../../conv-shape.js';

/**
 * Lowering of an NCHW convolution to matrix products. For one group, the column matrix
 * has a row per (input channel of the group, kh, kw) tap and a column per output
 * position (n, oh, ow) of the whole batch:
 *   col[(ic·kH + kh)·kW + kw, (n·OH + oh)·OW + ow] = x[n, g·Cg + ic, oh·sH − pH + kh·dH, ow·sW − pW + kw·dW]
 * (0 where that lies in the padding). Then y_g = w_g · col, dcol = w_gᵀ · dy_g and
 * dw_g = dy_g · colᵀ, with dy_g/y_g laid out as [Cout of the group, N·OH·OW].
 */
export interface ConvGeometry {
  N: number;
  C: number;
  H: number;
  W: number;
  Co: number;
  kH: number;
  kW: number;
  OH: number;
  OW: number;
  groups: number;
  /** Input channels per group. */
  Cg: number;
  /** Output channels per group. */
  Cog: number;
  /** Rows of the column matrix: Cg·kH·kW. */
  K: number;
  /** Columns of the column matrix: N·OH·OW. */
  P: number;
  p: Conv2dParams;
}

export function convGeometry(xShape: readonly number[], wShape: readonly number[], p: Conv2dParams): ConvGeometry {
  const [N, C, H, W] = xShape;
  const [Co, , kH, kW] = wShape;
  const [OH, OW] = conv2dOutHW(H, W, kH, kW, p);
  const Cg = C / p.groups;
  return { N, C, H, W, Co, kH, kW, OH, OW, groups: p.groups, Cg, Cog: Co / p.groups, K: Cg * kH * kW, P: N * OH * OW, p };
}

/** Output positions o in [lo, hi) whose input position o·stride − pad + k·dil lies in [0, size). */
function validRange(k: number, dil: number, stride: number, pad: number, size: number, outSize: number): [number, number] {
  const shift = k * dil - pad; // input = o·stride + shift
  const lo = Math.max(0, Math.ceil(-shift / stride));
  const hi = Math.min(outSize, Math.floor((size - 1 - shift) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * Moves data between the input and group `grp`'s column matrix over every in-bounds
 * entry (padding entries are left alone): `gather` copies input values into the column
 * matrix (im2col); otherwise column values are added back onto the input positions they
 * came from (col2im, the adjoint). Each (tap, n, oh) gives one contiguous run of columns
 * reading the input with the column stride; the loops are written out inline because a
 * callback per run costs as much as the run itself when OW is 2–8.
 */
function transfer(g: ConvGeometry, grp: number, x: Float64Array, col: Float64Array, gather: boolean): void {
  const { N, C, H, W, kH, kW, OH, OW, Cg, P, p } = g;
  const [sh, sw] = p.stride;
  const plane = OH * OW;
  for (let kh = 0; kh < kH; kh++) {
    const [h0, h1] = validRange(kh, p.dilation[0], sh, p.padding[0], H, OH);
    const shiftH = kh * p.dilation[0] - p.padding[0];
    for (let kw = 0; kw < kW; kw++) {
      const [w0, w1] = validRange(kw, p.dilation[1], sw, p.padding[1], W, OW);
      if (h0 >= h1 || w0 >= w1) continue;
      const shiftW = kw * p.dilation[1] - p.padding[1];
      const len = w1 - w0;
      for (let ic = 0; ic < Cg; ic++) {
        const rowAt = ((ic * kH + kh) * kW + kw) * P;
        for (let n = 0; n < N; n++) {
          const xPlane = (n * C + grp * Cg + ic) * H * W;
          for (let oh = h0; oh < h1; oh++) {
            let c = rowAt + n * plane + oh * OW + w0;
            let xi = xPlane + (oh * sh + shiftH) * W + w0 * sw + shiftW;
            const end = c + len;
            if (gather) for (; c < end; c++, xi += sw) col[c] = x[xi];
            else for (; c < end; c++, xi += sw) x[xi] += col[c];
          }
        }
      }
    }
  }
}

/** Fills the in-bounds entries of `col` (K × P; the caller zeroes it for the padding) from the contiguous input `x`. */
export function im2col(g: ConvGeometry, grp: number, x: Float64Array, col: Float64Array): void {
  transfer(g, grp, x, col, true);
}

/** Adds the column matrix back onto the input positions it was read from (the adjoint of im2col). */
export function col2im(g: ConvGeometry, grp: number, col: Float64Array, dx: Float64Array): void {
  transfer(g, grp, dx, col, false);
}
