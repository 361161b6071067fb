/**
 * Gradient members on Tensor (module augmentation + prototype), and the method forms
 * of the ops re-pointed at their differentiable versions, so `x.mul(w).sum()` records
 * exactly like `sum(mul(x, w))`. Without a tensor that requires grad they behave as
 * the plain tensor ops.
 */
import { Tensor } from '@prior/tensor';
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
