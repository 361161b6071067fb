/**
 * Gradient members on Tensor (module augmentation + prototype), and the method forms
 * of the ops re-pointed at their differentiable versions, so `x.mul(w).sum()` records
 * exactly like `sum(mul(x, w))`. Without a tensor that requires grad they behave as
 * the plain tensor ops.
 */
import { type DType, type SliceSpec, Tensor } from '@prior/tensor';
import type { Axes, ReduceOptions, VarOptions } from './ops/reduce.js';
import type { TensorLike } from './ops/elementwise.js';
import { backward } from './backward.js';
import { getGrad, nodeOf, requiresGrad, setGrad, setRequiresGrad } from './tape.js';
import * as ops from './ops/index.js';

declare module '@prior/tensor' {
  interface Tensor {
    /** Leaves: whether gradients accumulate into `.grad`. Computed tensors: whether they are on a tape. */
    requiresGrad: boolean;
    /** Accumulated gradient of a leaf (owned by the tensor: replaced and disposed on accumulation and zeroGrad). */
    grad: Tensor | null;
    /** True for tensors not computed by a recorded op. */
    readonly isLeaf: boolean;
    /** Backpropagates from this tensor (a one-element tensor, or give `gradient`). */
    backward(gradient?: Tensor | null, opts?: { retainGraph?: boolean }): void;
    /** A new tensor sharing storage, cut off from the tape. */
    detach(): Tensor;
    /** Disposes `.grad` and clears it. */
    zeroGrad(): void;

    // The method forms autograd re-points at its differentiable ops (declared here too,
    // so they are typed even where the tensor package's own method types are not).
    add(b: TensorLike): Tensor;
    sub(b: TensorLike): Tensor;
    mul(b: TensorLike): Tensor;
    div(b: TensorLike): Tensor;
    pow(b: TensorLike): Tensor;
    maximum(b: TensorLike): Tensor;
    minimum(b: TensorLike): Tensor;
    neg(): Tensor;
    abs(): Tensor;
    sign(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    log1p(): Tensor;
    sqrt(): Tensor;
    rsqrt(): Tensor;
    square(): Tensor;
    sin(): Tensor;
    cos(): Tensor;
    tanh(): Tensor;
    sigmoid(): Tensor;
    relu(): Tensor;
    gelu(): Tensor;
    erf(): Tensor;
    clamp(min?: TensorLike | null, max?: TensorLike | null): Tensor;
    cast(dtype: DType): Tensor;
    maskedFill(mask: Tensor, value: TensorLike): Tensor;
    sum(axes?: Axes, opts?: ReduceOptions): Tensor;
    mean(axes?: Axes, opts?: ReduceOptions): Tensor;
    prod(axes?: Axes, opts?: ReduceOptions): Tensor;
    max(axes?: Axes, opts?: ReduceOptions): Tensor;
    min(axes?: Axes, opts?: ReduceOptions): Tensor;
    logsumexp(axes?: Axes, opts?: ReduceOptions): Tensor;
    var(axes?: Axes, opts?: VarOptions): Tensor;
    softmax(axis?: number): Tensor;
    logSoftmax(axis?: number): Tensor;
    reshape(shape: readonly number[]): Tensor;
    view(shape: readonly number[]): Tensor;
    flatten(startDim?: number, endDim?: number): Tensor;
    permute(dims: readonly number[]): Tensor;
    transpose(dim0?: number, dim1?: number): Tensor;
    expand(shape: readonly number[]): Tensor;
    squeeze(dims?: number | readonly number[]): Tensor;
    unsqueeze(dim: number): Tensor;
    slice(specs: readonly SliceSpec[]): Tensor;
    narrow(dim: number, start: number, length: number): Tensor;
    select(dim: number, index: number): Tensor;
    flip(dims: number | readonly number[]): Tensor;
    pad(pads: readonly number[], value?: number): Tensor;
    split(sizes: number | readonly number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
    contiguous(): Tensor;
    matmul(b: Tensor): Tensor;
    gather(dim: number, index: Tensor): Tensor;
    indexSelect(dim: number, index: Tensor): Tensor;
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    clone(): Tensor;
  }
}

const P = Tensor.prototype;

Object.defineProperties(P, {
  requiresGrad: {
    get(this: Tensor) {
      return requiresGrad(this);
    },
    set(this: Tensor, flag: boolean) {
      setRequiresGrad(this, flag);
    },
    configurable: true,
  },
  grad: {
    get(this: Tensor) {
      return getGrad(this);
    },
    set(this: Tensor, g: Tensor | null) {
      setGrad(this, g);
    },
    configurable: true,
  },
  isLeaf: {
    get(this: Tensor) {
      return nodeOf(this) === null;
    },
    configurable: true,
  },
});

Object.assign(P, {
  backward(this: Tensor, gradient?: Tensor | null, opts?: { retainGraph?: boolean }) {
    backward(this, gradient, opts);
  },
  detach(this: Tensor) {
    return ops.rawCast(this, this.dtype);
  },
  zeroGrad(this: Tensor) {
    setGrad(this, null);
  },
});

// Method forms: same names as the tensor package's, pointing at the differentiable ops.
type Method = (this: Tensor, ...args: unknown[]) => unknown;
const methods: Record<string, (...args: never[]) => unknown> = {
  add: ops.add, sub: ops.sub, mul: ops.mul, div: ops.div, pow: ops.pow, maximum: ops.maximum, minimum: ops.minimum,
  neg: ops.neg, abs: ops.abs, sign: ops.sign, exp: ops.exp, log: ops.log, log1p: ops.log1p, sqrt: ops.sqrt, rsqrt: ops.rsqrt,
  square: ops.square, sin: ops.sin, cos: ops.cos, tanh: ops.tanh, sigmoid: ops.sigmoid, relu: ops.relu, gelu: ops.gelu, erf: ops.erf,
  clamp: ops.clamp, cast: ops.cast, maskedFill: ops.maskedFill,
  sum: ops.sum, mean: ops.mean, prod: ops.prod, max: ops.max, min: ops.min, logsumexp: ops.logsumexp, var: ops.variance,
  softmax: ops.softmax, logSoftmax: ops.logSoftmax,
  reshape: ops.reshape, view: ops.view, flatten: ops.flatten, permute: ops.permute, transpose: ops.transpose, expand: ops.expand,
  squeeze: ops.squeeze, unsqueeze: ops.unsqueeze, slice: ops.slice, narrow: ops.narrow, select: ops.select, flip: ops.flip, pad: ops.pad,
  split: ops.split, chunk: ops.chunk, contiguous: ops.contiguous, matmul: ops.matmul,
  gather: ops.gather, indexSelect: ops.indexSelect, scatterAdd: ops.scatterAdd, clone: ops.clone,
};
for (const [name, fn] of Object.entries(methods)) {
  (P as unknown as Record<string, Method>)[name] = function (this: Tensor, ...args: unknown[]) {
    return (fn as (...a: unknown[]) => unknown)(this, ...args);
  };
}
