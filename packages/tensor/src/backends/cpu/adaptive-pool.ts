import type { View } from '../../backend.js';
import type { TypedArray } from '../../dtype.js';
import { adaptiveRange } from '../../conv-shape.js';
import { fromF64 } from './storage.js';
import { readF64 } from './strided.js';

/** Adaptive average pooling: output (oh, ow) averages the PyTorch floor/ceil window. */
export function adaptiveAvgPool2dKernel(x: View, outHW: [number, number]): TypedArray {
  const [N, C, H, W] = x.shape;
  const [OH, OW] = outHW;
  const X = readF64(x);
  const out = new Float64Array(N * C * OH * OW);
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const [h0, h1] = adaptiveRange(oh, H, OH);
      for (let ow = 0; ow < OW; ow++, o++) {
        const [w0, w1] = adaptiveRange(ow, W, OW);
        let s = 0;
        for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) s += X[base + ih * W + iw];
        out[o] = s / ((h1 - h0) * (w1 - w0));
      }
    }
  }
  return fromF64(out, x.dtype);
}

/** Spreads each dy element evenly over its window (windows may overlap). */
export function adaptiveAvgPool2dBackwardKernel(dy: View, xShape: readonly number[]): TypedArray {
  const [N, C, H, W] = xShape;
  const [OH, OW] = [dy.shape[2], dy.shape[3]];
  const DY = readF64(dy);
  const dx = new Float64Array(N * C * H * W);
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const [h0, h1] = adaptiveRange(oh, H, OH);
      for (let ow = 0; ow < OW; ow++, o++) {
        const [w0, w1] = adaptiveRange(ow, W, OW);
        const g = DY[o] / ((h1 - h0) * (w1 - w0));
        for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) dx[base + ih * W + iw] += g;
      }
    }
  }
  return fromF64(dx, dy.dtype);
}
