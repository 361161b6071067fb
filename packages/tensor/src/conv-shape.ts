import type { Conv2dParams, Pool2dParams } from './backend.js';

/** Output length of one spatial axis of a convolution (PyTorch's formula). */
export function convOutSize(inSize: number, k: number, stride: number, pad: number, dil: number): number {
  return Math.floor((inSize + 2 * pad - dil * (k - 1) - 1) / stride) + 1;
}

/** Output length of one spatial axis of a pooling window, with ceil mode (PyTorch's rule). */
export function poolOutSize(inSize: number, k: number, stride: number, pad: number, dil: number, ceil: boolean): number {
  const span = inSize + 2 * pad - dil * (k - 1) - 1;
  let out = (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  // The last window must start inside the input or the left padding.
  if (ceil && (out - 1) * stride >= inSize + pad) out--;
  return out;
}

export function conv2dOutHW(h: number, w: number, kH: number, kW: number, p: Conv2dParams): [number, number] {
  return [
    convOutSize(h, kH, p.stride[0], p.padding[0], p.dilation[0]),
    convOutSize(w, kW, p.stride[1], p.padding[1], p.dilation[1]),
  ];
}

export function pool2dOutHW(h: number, w: number, p: Pool2dParams): [number, number] {
  return [
    poolOutSize(h, p.kernel[0], p.stride[0], p.padding[0], p.dilation[0], p.ceilMode),
    poolOutSize(w, p.kernel[1], p.stride[1], p.padding[1], p.dilation[1], p.ceilMode),
  ];
}

/** Adaptive pooling window [start, end) for output index i (PyTorch's floor/ceil rule). */
export function adaptiveRange(i: number, inSize: number, outSize: number): [number, number] {
  return [Math.floor((i * inSize) / outSize), Math.ceil(((i + 1) * inSize) / outSize)];
}
