import type { Conv2dParams, View } from '../../backend.js';
import type { TypedArray } from '../../dtype.js';
import { conv2dOutHW } from '../../conv-shape.js';
import { fromF64 } from './storage.js';
import { readF64 } from './strided.js';

/**
 * Direct NCHW convolution loops (weight [Cout, Cin/groups, kH, kW]). All three kernels walk
 * the same nest — (n, out channel, in channel, kh, kw, oh, ow) — and differ only in what
 * they accumulate. For a fixed kernel tap the valid output rows/columns are computed once,
 * so the innermost loop runs along a row without bounds checks.
 */

interface Geometry {
  N: number;
  C: number;
  H: number;
  W: number;
  Co: number;
  kH: number;
  kW: number;
  OH: number;
  OW: number;
  p: Conv2dParams;
}

/** Output positions o in [lo, hi) whose input position o·stride − pad + k·dil lies in [0, size). */
function validRange(k: number, dil: number, stride: number, pad: number, size: number, outSize: number): [number, number] {
  const shift = k * dil - pad; // input = o·stride + shift
  const lo = Math.max(0, Math.ceil(-shift / stride));
  const hi = Math.min(outSize, Math.floor((size - 1 - shift) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * Visits every (output plane, input plane, weight index, tap offsets) combination;
 * `tap` then runs the row loops with the valid ranges precomputed.
 */
function forEachTap(
  g: Geometry,
  tap: (oPlane: number, xPlane: number, wIdx: number, oh: [number, number], ow: [number, number], shiftH: number, shiftW: number) => void,
): void {
  const { N, C, H, W, Co, kH, kW, OH, OW, p } = g;
  const cg = C / p.groups;
  const cog = Co / p.groups;
  const rangesH = Array.from({ length: kH }, (_, k) => validRange(k, p.dilation[0], p.stride[0], p.padding[0], H, OH));
  const rangesW = Array.from({ length: kW }, (_, k) => validRange(k, p.dilation[1], p.stride[1], p.padding[1], W, OW));
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < Co; oc++) {
      const grp = Math.floor(oc / cog);
      const oPlane = (n * Co + oc) * OH * OW;
      for (let icl = 0; icl < cg; icl++) {
        const xPlane = (n * C + grp * cg + icl) * H * W;
        for (let kh = 0; kh < kH; kh++) {
          const rh = rangesH[kh];
          for (let kw = 0; kw < kW; kw++) {
            const rw = rangesW[kw];
            const wIdx = ((oc * cg + icl) * kH + kh) * kW + kw;
            tap(oPlane, xPlane, wIdx, rh, rw, kh * p.dilation[0] - p.padding[0], kw * p.dilation[1] - p.padding[1]);
          }
        }
      }
    }
  }
}

function geometry(xShape: readonly number[], wShape: readonly number[], p: Conv2dParams): Geometry {
  const [N, C, H, W] = xShape;
  const [Co, , kH, kW] = wShape;
  const [OH, OW] = conv2dOutHW(H, W, kH, kW, p);
  return { N, C, H, W, Co, kH, kW, OH, OW, p };
}

export function conv2dKernel(x: View, w: View, bias: View | null, p: Conv2dParams): TypedArray {
  const g = geometry(x.shape, w.shape, p);
  const X = readF64(x);
  const Wt = readF64(w);
  const out = new Float64Array(g.N * g.Co * g.OH * g.OW);
  if (bias) {
    const B = readF64(bias);
    const plane = g.OH * g.OW;
    for (let i = 0; i < out.length; i++) out[i] = B[Math.floor(i / plane) % g.Co];
  }
  const [sh, sw] = p.stride;
  forEachTap(g, (oPlane, xPlane, wIdx, [h0, h1], [w0, w1], shH, shW) => {
    const wv = Wt[wIdx];
    for (let oh = h0; oh < h1; oh++) {
      const o = oPlane + oh * g.OW;
      const xr = xPlane + (oh * sh + shH) * g.W + shW;
      for (let ow = w0; ow < w1; ow++) out[o + ow] += wv * X[xr + ow * sw];
    }
  });
  return fromF64(out, x.dtype);
}

/** dx[n, ic, ih, iw] = Σ w[oc, ic, kh, kw] · dy[n, oc, oh, ow] over taps that read (ih, iw). */
export function conv2dBackwardInputKernel(dy: View, w: View, xShape: readonly number[], p: Conv2dParams): TypedArray {
  const g = geometry(xShape, w.shape, p);
  const DY = readF64(dy);
  const Wt = readF64(w);
  const dx = new Float64Array(g.N * g.C * g.H * g.W);
  const [sh, sw] = p.stride;
  forEachTap(g, (oPlane, xPlane, wIdx, [h0, h1], [w0, w1], shH, shW) => {
    const wv = Wt[wIdx];
    for (let oh = h0; oh < h1; oh++) {
      const o = oPlane + oh * g.OW;
      const xr = xPlane + (oh * sh + shH) * g.W + shW;
      for (let ow = w0; ow < w1; ow++) dx[xr + ow * sw] += wv * DY[o + ow];
    }
  });
  return fromF64(dx, dy.dtype);
}

/** dw[oc, ic, kh, kw] = Σ_{n, oh, ow} dy[n, oc, oh, ow] · x[n, ic, ih, iw]. */
export function conv2dBackwardWeightKernel(x: View, dy: View, wShape: readonly number[], p: Conv2dParams): TypedArray {
  const g = geometry(x.shape, wShape, p);
  const X = readF64(x);
  const DY = readF64(dy);
  const dw = new Float64Array(wShape[0] * wShape[1] * wShape[2] * wShape[3]);
  const [sh, sw] = p.stride;
  forEachTap(g, (oPlane, xPlane, wIdx, [h0, h1], [w0, w1], shH, shW) => {
    let acc = 0;
    for (let oh = h0; oh < h1; oh++) {
      const o = oPlane + oh * g.OW;
      const xr = xPlane + (oh * sh + shH) * g.W + shW;
      for (let ow = w0; ow < w1; ow++) acc += DY[o + ow] * X[xr + ow * sw];
    }
    dw[wIdx] += acc;
  });
  return fromF64(dw, x.dtype);
}
