import type { UpsampleMode, View } from '../../backend.js';
import type { TypedArray } from '../../dtype.js';
import { fromF64 } from './storage.js';
import { readF64 } from './strided.js';

/** One output coordinate's source taps along an axis: i0·l0 + i1·l1. */
interface Taps {
  i0: Int32Array;
  i1: Int32Array;
  l0: Float64Array;
  l1: Float64Array;
}

/**
 * PyTorch's 'nearest' source index, floor(dst · in/out), with the scale and product in
 * float32 as its CPU kernel computes them (this decides ties such as in=3, out=9).
 */
function nearestTaps(inSize: number, outSize: number): Taps {
  const t = alloc(outSize);
  const scale = Math.fround(inSize / outSize);
  for (let d = 0; d < outSize; d++) {
    const s = Math.min(Math.floor(Math.fround(d * scale)), inSize - 1);
    t.i0[d] = s;
    t.i1[d] = s;
    t.l0[d] = 1;
  }
  return t;
}

/**
 * PyTorch's linear source coordinate: alignCorners maps corner to corner
 * (src = dst·(in−1)/(out−1)); otherwise pixel centres, src = (dst+½)·in/out − ½, with
 * negative sources clamped to 0. The right tap is clamped to the last pixel.
 */
function linearTaps(inSize: number, outSize: number, alignCorners: boolean): Taps {
  const t = alloc(outSize);
  const scale = alignCorners ? (outSize > 1 ? (inSize - 1) / (outSize - 1) : 0) : inSize / outSize;
  for (let d = 0; d < outSize; d++) {
    const src = alignCorners ? scale * d : Math.max((d + 0.5) * scale - 0.5, 0);
    const i0 = Math.min(Math.floor(src), inSize - 1);
    const l1 = src - i0;
    t.i0[d] = i0;
    t.i1[d] = i0 < inSize - 1 ? i0 + 1 : i0;
    t.l0[d] = 1 - l1;
    t.l1[d] = l1;
  }
  return t;
}

function alloc(n: number): Taps {
  return { i0: new Int32Array(n), i1: new Int32Array(n), l0: new Float64Array(n), l1: new Float64Array(n) };
}

function taps(mode: UpsampleMode, inSize: number, outSize: number, alignCorners: boolean): Taps {
  return mode === 'nearest' ? nearestTaps(inSize, outSize) : linearTaps(inSize, outSize, alignCorners);
}

/**
 * Visits the four (possibly coinciding) taps of each output pixel with their weights.
 * Nearest taps carry weight 1 on (i0, i0) and 0 elsewhere, so one walk serves both modes.
 */
function forEachTap(
  inHW: readonly number[],
  outHW: readonly number[],
  planes: number,
  mode: UpsampleMode,
  alignCorners: boolean,
  fn: (o: number, i: number, weight: number) => void,
): void {
  const [H, W] = inHW;
  const [OH, OW] = outHW;
  const th = taps(mode, H, OH, alignCorners);
  const tw = taps(mode, W, OW, alignCorners);
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const r0 = base + th.i0[oh] * W;
      const r1 = base + th.i1[oh] * W;
      for (let ow = 0; ow < OW; ow++, o++) {
        const c0 = tw.i0[ow];
        const c1 = tw.i1[ow];
        fn(o, r0 + c0, th.l0[oh] * tw.l0[ow]);
        if (mode === 'nearest') continue;
        fn(o, r0 + c1, th.l0[oh] * tw.l1[ow]);
        fn(o, r1 + c0, th.l1[oh] * tw.l0[ow]);
        fn(o, r1 + c1, th.l1[oh] * tw.l1[ow]);
      }
    }
  }
}

export function upsample2dKernel(x: View, mode: UpsampleMode, outHW: [number, number], alignCorners: boolean): TypedArray {
  const [N, C] = x.shape;
  const X = readF64(x);
  const out = new Float64Array(N * C * outHW[0] * outHW[1]);
  forEachTap(x.shape.slice(2), outHW, N * C, mode, alignCorners, (o, i, wgt) => {
    out[o] += wgt * X[i];
  });
  return fromF64(out, x.dtype);
}

export function upsample2dBackwardKernel(dy: View, mode: UpsampleMode, xShape: readonly number[], alignCorners: boolean): TypedArray {
  const [N, C, H, W] = xShape;
  const DY = readF64(dy);
  const dx = new Float64Array(N * C * H * W);
  forEachTap([H, W], dy.shape.slice(2), N * C, mode, alignCorners, (o, i, wgt) => {
    dx[i] += wgt * DY[o];
  });
  return fromF64(dx, dy.dtype);
}
