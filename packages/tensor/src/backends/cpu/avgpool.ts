import type { Pool2dParams, View } from '../../backend.js';
import type { TypedArray } from '../../dtype.js';
import { pool2dOutHW } from '../../conv-shape.js';
import { fromF64 } from './storage.js';
import { readF64 } from './strided.js';

interface Window {
  h0: number;
  h1: number;
  w0: number;
  w1: number;
  divisor: number;
}

/**
 * PyTorch's average-pooling window for output (oh, ow): the window is first clipped to
 * the padded input (that size is the divisor with countIncludePad; ceil-mode windows
 * that run past the padding lose their overhang), then to the input itself (the
 * summed taps, and the divisor without countIncludePad). An empty window averages to 0.
 */
function windowAt(oh: number, ow: number, H: number, W: number, p: Pool2dParams): Window {
  let h0 = oh * p.stride[0] - p.padding[0];
  let w0 = ow * p.stride[1] - p.padding[1];
  let h1 = Math.min(h0 + p.kernel[0], H + p.padding[0]);
  let w1 = Math.min(w0 + p.kernel[1], W + p.padding[1]);
  const padded = (h1 - h0) * (w1 - w0);
  h0 = Math.max(h0, 0);
  w0 = Math.max(w0, 0);
  h1 = Math.min(h1, H);
  w1 = Math.min(w1, W);
  const divisor = p.countIncludePad ? padded : (h1 - h0) * (w1 - w0);
  return { h0, h1, w0, w1, divisor };
}

export function avgPool2dKernel(x: View, p: Pool2dParams): TypedArray {
  const [N, C, H, W] = x.shape;
  const [OH, OW] = pool2dOutHW(H, W, { ...p, dilation: [1, 1] });
  const X = readF64(x);
  const out = new Float64Array(N * C * OH * OW);
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, o++) {
        const { h0, h1, w0, w1, divisor } = windowAt(oh, ow, H, W, p);
        if (h0 >= h1 || w0 >= w1) continue;
        let s = 0;
        for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) s += X[base + ih * W + iw];
        out[o] = s / divisor;
      }
    }
  }
  return fromF64(out, x.dtype);
}

export function avgPool2dBackwardKernel(dy: View, xShape: readonly number[], p: Pool2dParams): TypedArray {
  const [N, C, H, W] = xShape;
  const [OH, OW] = [dy.shape[2], dy.shape[3]];
  const DY = readF64(dy);
  const dx = new Float64Array(N * C * H * W);
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, o++) {
        const { h0, h1, w0, w1, divisor } = windowAt(oh, ow, H, W, p);
        const g = DY[o] / divisor;
        for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) dx[base + ih * W + iw] += g;
      }
    }
  }
  return fromF64(dx, dy.dtype);
}
