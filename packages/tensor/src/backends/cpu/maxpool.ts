import type { Pool2dParams, View } from '../../backend.js';
import type { TypedArray } from '../../dtype.js';
import { pool2dOutHW } from '../../conv-shape.js';
import { fromF64 } from './storage.js';
import { readF64 } from './strided.js';

/**
 * Max pooling over each (n, c) plane. Padding never wins (it acts as −∞); the window's
 * first in-bounds tap is the index of a window that holds only −∞. A strictly greater
 * value replaces the current maximum, so the first of tied maxima wins; any NaN
 * replaces it too, as PyTorch's CPU kernel does.
 */
export function maxPool2dKernel(x: View, p: Pool2dParams): { values: TypedArray; indices: Int32Array } {
  const [N, C, H, W] = x.shape;
  const [OH, OW] = pool2dOutHW(H, W, p);
  const [kH, kW] = p.kernel;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const [dh, dw] = p.dilation;
  const X = readF64(x);
  const values = new Float64Array(N * C * OH * OW);
  const indices = new Int32Array(values.length);
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < OH; oh++) {
      let h0 = oh * sh - ph;
      const h1 = Math.min(h0 + (kH - 1) * dh + 1, H);
      while (h0 < 0) h0 += dh;
      for (let ow = 0; ow < OW; ow++, o++) {
        let w0 = ow * sw - pw;
        const w1 = Math.min(w0 + (kW - 1) * dw + 1, W);
        while (w0 < 0) w0 += dw;
        let best = -Infinity;
        let bestIdx = h0 * W + w0;
        for (let ih = h0; ih < h1; ih += dh) {
          for (let iw = w0; iw < w1; iw += dw) {
            const v = X[base + ih * W + iw];
            if (v > best || v !== v) {
              best = v;
              bestIdx = ih * W + iw;
            }
          }
        }
        values[o] = best;
        indices[o] = bestIdx;
      }
    }
  }
  return { values: fromF64(values, x.dtype), indices };
}

/** Routes each dy element to the input position its index names (accumulating repeats). */
export function maxPool2dBackwardKernel(dy: View, indices: View, xShape: readonly number[]): TypedArray {
  const [N, C, H, W] = xShape;
  const DY = readF64(dy);
  const I = readF64(indices);
  const dx = new Float64Array(N * C * H * W);
  const perPlane = dy.shape[2] * dy.shape[3];
  for (let i = 0; i < DY.length; i++) {
    const plane = Math.floor(i / perPlane);
    dx[plane * H * W + I[i]] += DY[i];
  }
  return fromF64(dx, dy.dtype);
}
