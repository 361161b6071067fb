import type { Conv2dParams, Pool2dParams, UpsampleMode } from '../backend.js';
import { isFloat } from '../dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import { conv2dOutHW, pool2dOutHW } from '../conv-shape.js';
import { sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { backendOf, checkRank, filled, pair, wrap } from './internal.js';

type Pair = number | readonly [number, number];

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
}

function convParams(op: string, o: Conv2dOptions): Conv2dParams {
  const groups = o.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ShapeError(`${op}: groups must be a positive integer, got ${groups}`);
  return { stride: pair(op, 'stride', o.stride ?? 1, 1), padding: pair(op, 'padding', o.padding ?? 0, 0), dilation: pair(op, 'dilation', o.dilation ?? 1, 1), groups };
}

function floatOnly(op: string, ...ts: Tensor[]): void {
  for (const t of ts) if (!isFloat(t.dtype)) throw new DTypeError(`${op}: expected floating-point tensors, got ${t.dtype}`);
  for (const t of ts) if (t.dtype !== ts[0].dtype) throw new DTypeError(`${op}: dtypes differ (${ts.map((u) => u.dtype).join(', ')})`);
}

/** Validates x [N,Cin,H,W] against weight [Cout,Cin/groups,kH,kW] and returns the output shape. */
function convShape(op: string, xShape: readonly number[], wShape: readonly number[], p: Conv2dParams): number[] {
  const [n, cin, h, w] = xShape;
  const [cout, cinG, kh, kw] = wShape;
  if (cin !== cinG * p.groups || cout % p.groups !== 0) {
    throw new ShapeError(`${op}: input ${fmtShape(xShape)} and weight ${fmtShape(wShape)} do not match for groups=${p.groups} (need Cin = weight.shape[1]·groups and Cout divisible by groups)`);
  }
  const [ho, wo] = conv2dOutHW(h, w, kh, kw, p);
  if (ho < 1 || wo < 1) throw new ShapeError(`${op}: input ${fmtShape(xShape)} is too small for kernel ${kh}x${kw} with these stride/padding/dilation`);
  return [n, cout, ho, wo];
}

/** 2-D cross-correlation, NCHW, like torch.nn.functional.conv2d. */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: Conv2dOptions = {}): Tensor {
  const be = backendOf('conv2d', x, weight, ...(bias ? [bias] : []));
  checkRank('conv2d', 'input', x, 4);
  checkRank('conv2d', 'weight', weight, 4);
  floatOnly('conv2d', x, weight, ...(bias ? [bias] : []));
  const p = convParams('conv2d', opts);
  const shape = convShape('conv2d', x.shape, weight.shape, p);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new ShapeError(`conv2d: bias must have shape [${weight.shape[0]}], got ${fmtShape(bias.shape)}`);
  }
  if (sizeOf(shape) === 0 || x.size === 0) return filled(be, shape, 0, x.dtype);
  return wrap(be.conv2d(x.viewFor('conv2d'), weight.viewFor('conv2d'), bias ? bias.viewFor('conv2d') : null, p), shape, x.dtype);
}

/** Gradient of conv2d with respect to its input. */
export function conv2dBackwardInput(dy: Tensor, weight: Tensor, xShape: readonly number[], opts: Conv2dOptions = {}): Tensor {
  const be = backendOf('conv2dBackwardInput', dy, weight);
  floatOnly('conv2dBackwardInput', dy, weight);
  const p = convParams('conv2dBackwardInput', opts);
  const shape = convShape('conv2dBackwardInput', xShape, weight.shape, p);
  if (shape.some((n, i) => n !== dy.shape[i]) || dy.rank !== 4) throw new ShapeError(`conv2dBackwardInput: dy ${fmtShape(dy.shape)} should be ${fmtShape(shape)}`);
  if (sizeOf(xShape) === 0 || dy.size === 0) return filled(be, xShape, 0, dy.dtype);
  return wrap(be.conv2dBackwardInput(dy.viewFor('conv2dBackwardInput'), weight.viewFor('conv2dBackwardInput'), xShape, p), xShape, dy.dtype);
}

/** Gradient of conv2d with respect to its weight. */
export function conv2dBackwardWeight(x: Tensor, dy: Tensor, wShape: readonly number[], opts: Conv2dOptions = {}): Tensor {
  const be = backendOf('conv2dBackwardWeight', x, dy);
  floatOnly('conv2dBackwardWeight', x, dy);
  const p = convParams('conv2dBackwardWeight', opts);
  const shape = convShape('conv2dBackwardWeight', x.shape, wShape, p);
  if (shape.some((n, i) => n !== dy.shape[i]) || dy.rank !== 4) throw new ShapeError(`conv2dBackwardWeight: dy ${fmtShape(dy.shape)} should be ${fmtShape(shape)}`);
  if (sizeOf(wShape) === 0 || dy.size === 0) return filled(be, wShape, 0, dy.dtype);
  return wrap(be.conv2dBackwardWeight(x.viewFor('conv2dBackwardWeight'), dy.viewFor('conv2dBackwardWeight'), wShape, p), wShape, dy.dtype);
}

export interface Pool2dOptions {
  /** Defaults to the kernel size. */
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  ceilMode?: boolean;
  /** Average pooling: count padded zeros in the divisor (PyTorch default true). */
  countIncludePad?: boolean;
}

function poolParams(op: string, kernel: Pair, o: Pool2dOptions): Pool2dParams {
  const k = pair(op, 'kernel', kernel, 1);
  const p: Pool2dParams = {
    kernel: k,
    stride: pair(op, 'stride', o.stride ?? k, 1),
    padding: pair(op, 'padding', o.padding ?? 0, 0),
    dilation: pair(op, 'dilation', o.dilation ?? 1, 1),
    ceilMode: o.ceilMode ?? false,
    countIncludePad: o.countIncludePad ?? true,
  };
  if (p.padding[0] * 2 > k[0] || p.padding[1] * 2 > k[1]) throw new ShapeError(`${op}: padding ${JSON.stringify(o.padding)} must be at most half the kernel ${JSON.stringify(kernel)}`);
  return p;
}

function poolShape(op: string, x: Tensor, p: Pool2dParams): number[] {
  checkRank(op, 'input', x, 4);
  const [n, c, h, w] = x.shape;
  const [ho, wo] = pool2dOutHW(h, w, p);
  if (ho < 1 || wo < 1) throw new ShapeError(`${op}: input ${fmtShape(x.shape)} is too small for kernel ${p.kernel.join('x')}`);
  return [n, c, ho, wo];
}

/** Max pooling values and the int32 flat index (h·W + w) of each maximum within its plane. */
export function maxPool2dWithIndices(x: Tensor, kernel: Pair, opts: Pool2dOptions = {}): { values: Tensor; indices: Tensor } {
  floatOnly('maxPool2d', x);
  const p = poolParams('maxPool2d', kernel, opts);
  const shape = poolShape('maxPool2d', x, p);
  if (sizeOf(shape) === 0) return { values: filled(x.backend, shape, 0, x.dtype), indices: filled(x.backend, shape, 0, 'int32') };
  const r = x.backend.maxPool2d(x.viewFor('maxPool2d'), p);
  return { values: wrap(r.values, shape, x.dtype), indices: wrap(r.indices, shape, 'int32') };
}

export function maxPool2d(x: Tensor, kernel: Pair, opts: Pool2dOptions = {}): Tensor {
  const { values, indices } = maxPool2dWithIndices(x, kernel, opts);
  indices.dispose();
  return values;
}

/** The window geometry a max pooling ran with: lets a backend gather instead of scatter. */
export interface MaxPool2dWindow extends Pool2dOptions {
  kernel: Pair;
}

/**
 * Routes each output gradient to the input element its window picked. `window` (the
 * pooling's kernel and options) is optional: with it the WebGPU backend gathers per
 * input pixel in parallel, without it one invocation walks each (n, c) plane.
 */
export function maxPool2dBackward(dy: Tensor, indices: Tensor, xShape: readonly number[], window?: MaxPool2dWindow): Tensor {
  const be = backendOf('maxPool2dBackward', dy, indices);
  if (dy.rank !== 4 || indices.rank !== 4 || dy.shape.some((n, i) => n !== indices.shape[i]) || xShape.length !== 4) {
    throw new ShapeError(`maxPool2dBackward: dy ${fmtShape(dy.shape)}, indices ${fmtShape(indices.shape)} and input shape ${fmtShape(xShape)} do not match`);
  }
  if (indices.dtype !== 'int32') throw new DTypeError(`maxPool2dBackward: indices must be int32, got ${indices.dtype}`);
  let p: Pool2dParams | undefined;
  if (window) {
    p = poolParams('maxPool2dBackward', window.kernel, window);
    const [ho, wo] = pool2dOutHW(xShape[2], xShape[3], p);
    if (ho !== dy.shape[2] || wo !== dy.shape[3]) {
      throw new ShapeError(`maxPool2dBackward: window ${JSON.stringify(window)} on input ${fmtShape(xShape)} gives ${ho}x${wo} outputs, but dy is ${fmtShape(dy.shape)}`);
    }
  }
  if (sizeOf(xShape) === 0 || dy.size === 0) return filled(be, xShape, 0, dy.dtype);
  return wrap(be.maxPool2dBackward(dy.viewFor('maxPool2dBackward'), indices.viewFor('maxPool2dBackward'), xShape, p), xShape, dy.dtype);
}

export function avgPool2d(x: Tensor, kernel: Pair, opts: Pool2dOptions = {}): Tensor {
  floatOnly('avgPool2d', x);
  const p = poolParams('avgPool2d', kernel, { ...opts, dilation: 1 });
  const shape = poolShape('avgPool2d', x, p);
  if (sizeOf(shape) === 0) return filled(x.backend, shape, 0, x.dtype);
  return wrap(x.backend.avgPool2d(x.viewFor('avgPool2d'), p), shape, x.dtype);
}

export function avgPool2dBackward(dy: Tensor, xShape: readonly number[], kernel: Pair, opts: Pool2dOptions = {}): Tensor {
  const p = poolParams('avgPool2dBackward', kernel, { ...opts, dilation: 1 });
  if (xShape.length !== 4 || dy.rank !== 4) throw new ShapeError(`avgPool2dBackward: dy ${fmtShape(dy.shape)} and input shape ${fmtShape(xShape)} must be 4-D`);
  if (sizeOf(xShape) === 0 || dy.size === 0) return filled(dy.backend, xShape, 0, dy.dtype);
  return wrap(dy.backend.avgPool2dBackward(dy.viewFor('avgPool2dBackward'), xShape, p), xShape, dy.dtype);
}

/** Average pooling to a fixed output size (PyTorch's window rule). */
export function adaptiveAvgPool2d(x: Tensor, outputSize: Pair): Tensor {
  floatOnly('adaptiveAvgPool2d', x);
  checkRank('adaptiveAvgPool2d', 'input', x, 4);
  const o = pair('adaptiveAvgPool2d', 'outputSize', outputSize, 1);
  const shape = [x.shape[0], x.shape[1], o[0], o[1]];
  if (x.size === 0) return filled(x.backend, shape, 0, x.dtype);
  return wrap(x.backend.adaptiveAvgPool2d(x.viewFor('adaptiveAvgPool2d'), o), shape, x.dtype);
}

export function adaptiveAvgPool2dBackward(dy: Tensor, xShape: readonly number[]): Tensor {
  if (xShape.length !== 4 || dy.rank !== 4) throw new ShapeError(`adaptiveAvgPool2dBackward: dy ${fmtShape(dy.shape)} and input shape ${fmtShape(xShape)} must be 4-D`);
  if (sizeOf(xShape) === 0 || dy.size === 0) return filled(dy.backend, xShape, 0, dy.dtype);
  return wrap(dy.backend.adaptiveAvgPool2dBackward(dy.viewFor('adaptiveAvgPool2dBackward'), xShape), xShape, dy.dtype);
}

export interface UpsampleOptions {
  /** Output [H, W]; or give scaleFactor (output = floor(input · scale)). */
  size?: Pair;
  scaleFactor?: number | readonly [number, number];
  mode?: UpsampleMode;
  /** Bilinear only (PyTorch default false). */
  alignCorners?: boolean;
}

function upsampleSize(shape: readonly number[], o: UpsampleOptions): [number, number] {
  if (o.size !== undefined) return pair('upsample', 'size', o.size, 1);
  if (o.scaleFactor === undefined) throw new ShapeError('upsample: give size or scaleFactor');
  const s = typeof o.scaleFactor === 'number' ? [o.scaleFactor, o.scaleFactor] : o.scaleFactor;
  const out: [number, number] = [Math.floor(shape[2] * s[0]), Math.floor(shape[3] * s[1])];
  if (!(out[0] >= 1 && out[1] >= 1)) throw new ShapeError(`upsample: scaleFactor ${JSON.stringify(o.scaleFactor)} gives an empty output`);
  return out;
}

function upsampleMode(o: UpsampleOptions): UpsampleMode {
  const mode = o.mode ?? 'nearest';
  if (mode !== 'nearest' && mode !== 'bilinear') throw new ShapeError(`upsample: mode must be 'nearest' or 'bilinear', got ${String(mode)}`);
  return mode;
}

/**
 * Nearest or bilinear resampling of [N,C,H,W]. Source coordinates use in/out sizes
 * (PyTorch with recompute_scale_factor=True).
 */
export function upsample(x: Tensor, opts: UpsampleOptions): Tensor {
  floatOnly('upsample', x);
  checkRank('upsample', 'input', x, 4);
  const hw = upsampleSize(x.shape, opts);
  const shape = [x.shape[0], x.shape[1], ...hw];
  if (x.size === 0) return filled(x.backend, shape, 0, x.dtype);
  return wrap(x.backend.upsample2d(x.viewFor('upsample'), upsampleMode(opts), hw, opts.alignCorners ?? false), shape, x.dtype);
}

export function upsampleBackward(dy: Tensor, xShape: readonly number[], opts: Omit<UpsampleOptions, 'size' | 'scaleFactor'> = {}): Tensor {
  if (xShape.length !== 4 || dy.rank !== 4) throw new ShapeError(`upsampleBackward: dy ${fmtShape(dy.shape)} and input shape ${fmtShape(xShape)} must be 4-D`);
  if (sizeOf(xShape) === 0 || dy.size === 0) return filled(dy.backend, xShape, 0, dy.dtype);
  return wrap(dy.backend.upsample2dBackward(dy.viewFor('upsampleBackward'), upsampleMode(opts), xShape, opts.alignCorners ?? false), xShape, dy.dtype);
}
