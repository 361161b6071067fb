/**
 * Convolution, pooling and upsampling. Their rules call the tensor package's backward
 * kernels; the backward kernels are linear in their gradient inputs, so they get rules
 * too (transposed of one another), which also gives second derivatives.
 */
import * as T from '@prior/tensor';
import type { Conv2dOptions, Pool2dOptions, Tensor, UpsampleOptions } from '@prior/tensor';
import { customVjp, differentiable } from '../record.js';

type Pair = number | readonly [number, number];

export const conv2d = differentiable(
  'conv2d',
  (x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: Conv2dOptions = {}) => T.conv2d(x, weight, bias, opts),
  (g, { args: [x, w, bias, opts = {}], needs }) => [
    needs[0] ? T.conv2dBackwardInput(g, w, x.shape, opts) : null,
    needs[1] ? T.conv2dBackwardWeight(x, g, w.shape, opts) : null,
    bias && needs[2] ? T.sum(g, [0, 2, 3]) : null,
  ],
  'inputs',
);

/** ⟨conv2dBackwardInput(dy, w), G⟩ = ⟨dy, conv2d(G, w)⟩, so d/ddy = conv2d(G, w) and d/dw = conv2dBackwardWeight(G, dy). */
export const conv2dBackwardInput = differentiable(
  'conv2dBackwardInput',
  (dy: Tensor, weight: Tensor, xShape: readonly number[], opts: Conv2dOptions = {}) => T.conv2dBackwardInput(dy, weight, xShape, opts),
  (g, { args: [dy, w, , opts = {}], needs }) => [needs[0] ? T.conv2d(g, w, null, opts) : null, needs[1] ? T.conv2dBackwardWeight(g, dy, w.shape, opts) : null],
  'inputs',
);

/** ⟨conv2dBackwardWeight(x, dy), G⟩ = ⟨dy, conv2d(x, G)⟩. */
export const conv2dBackwardWeight = differentiable(
  'conv2dBackwardWeight',
  (x: Tensor, dy: Tensor, wShape: readonly number[], opts: Conv2dOptions = {}) => T.conv2dBackwardWeight(x, dy, wShape, opts),
  (g, { args: [x, dy, , opts = {}], needs }) => [needs[0] ? T.conv2dBackwardInput(dy, g, x.shape, opts) : null, needs[1] ? T.conv2d(x, g, null, opts) : null],
  'inputs',
);

/** Max pooling; the backward routes g through the saved argmax indices. */
export const maxPool2d = customVjp(
  (x: Tensor, kernel: Pair, opts: Pool2dOptions = {}) => {
    const { values, indices } = T.maxPool2dWithIndices(x, kernel, opts);
    return { output: values, saved: [indices] };
  },
  (g, [indices], _needs, [x, kernel, opts]) => [T.maxPool2dBackward(g, indices, x.shape, { ...opts, kernel })],
  'maxPool2d',
);

/** Values (differentiable) and int32 window argmax indices (constants). */
export function maxPool2dWithIndices(x: Tensor, kernel: Pair, opts: Pool2dOptions = {}): { values: Tensor; indices: Tensor } {
  const r = T.maxPool2dWithIndices(x, kernel, opts);
  r.values.dispose();
  return { values: maxPool2d(x, kernel, opts), indices: r.indices };
}

/** Linear in dy: its adjoint gathers G at the indices. */
export const maxPool2dBackward = differentiable(
  'maxPool2dBackward',
  (dy: Tensor, indices: Tensor, xShape: readonly number[]) => T.maxPool2dBackward(dy, indices, xShape),
  (g, { args: [, indices] }) => {
    const [n, c, ho, wo] = indices.shape;
    const flatIdx = T.reshape(indices, [n, c, ho * wo]);
    const flatG = T.reshape(g, [g.shape[0], g.shape[1], g.shape[2] * g.shape[3]]);
    return [T.reshape(T.gather(flatG, 2, flatIdx), [n, c, ho, wo])];
  },
  'inputs',
);

export const avgPool2d = differentiable(
  'avgPool2d',
  (x: Tensor, kernel: Pair, opts: Pool2dOptions = {}) => T.avgPool2d(x, kernel, opts),
  (g, { args: [x, kernel, opts = {}] }) => [T.avgPool2dBackward(g, x.shape, kernel, opts)],
  'none',
);

/** Linear in dy: its adjoint is the average pooling itself. */
export const avgPool2dBackward = differentiable(
  'avgPool2dBackward',
  (dy: Tensor, xShape: readonly number[], kernel: Pair, opts: Pool2dOptions = {}) => T.avgPool2dBackward(dy, xShape, kernel, opts),
  (g, { args: [, , kernel, opts = {}] }) => [T.avgPool2d(g, kernel, opts)],
  'none',
);

export const adaptiveAvgPool2d = differentiable(
  'adaptiveAvgPool2d',
  (x: Tensor, outputSize: Pair) => T.adaptiveAvgPool2d(x, outputSize),
  (g, { args: [x] }) => [T.adaptiveAvgPool2dBackward(g, x.shape)],
  'none',
);

export const adaptiveAvgPool2dBackward = differentiable(
  'adaptiveAvgPool2dBackward',
  (dy: Tensor, xShape: readonly number[]) => T.adaptiveAvgPool2dBackward(dy, xShape),
  (g, { args: [dy] }) => [T.adaptiveAvgPool2d(g, [dy.shape[2], dy.shape[3]])],
  'none',
);

export const upsample = differentiable(
  'upsample',
  (x: Tensor, opts: UpsampleOptions) => T.upsample(x, opts),
  (g, { args: [x, opts] }) => [T.upsampleBackward(g, x.shape, { mode: opts.mode, alignCorners: opts.alignCorners })],
  'none',
);

export const upsampleBackward = differentiable(
  'upsampleBackward',
  (dy: Tensor, xShape: readonly number[], opts: Omit<UpsampleOptions, 'size' | 'scaleFactor'> = {}) => T.upsampleBackward(dy, xShape, opts),
  (g, { args: [dy, , opts = {}] }) => [T.upsample(g, { size: [dy.shape[2], dy.shape[3]], mode: opts.mode, alignCorners: opts.alignCorners })],
  'none',
);
