/**
 * Method forms of the ops (`a.add(b)`, `x.sum(1)`), attached to Tensor's prototype
 * here so that tensor.ts stays free of op imports.
 */
import type { DType } from './dtype.js';
import type { Device } from './engine.js';
import { Tensor } from './tensor.js';
import * as ew from './ops/elementwise.js';
import * as mv from './ops/movement.js';
import * as rd from './ops/reduce.js';
import * as la from './ops/linalg.js';
import * as ix from './ops/indexing.js';
import * as tr from './ops/transfer.js';
import type { TensorLike } from './ops/internal.js';

type Axes = rd.Axes;
type RO = rd.ReduceOptions;

const P = Tensor.prototype;
const binaries = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr'] as const;
for (const name of binaries) {
  P[name] = function (this: Tensor, b: TensorLike) {
    return ew[name](this, b);
  };
}
const unaries = ['neg', 'abs', 'sign', 'exp', 'log', 'log1p', 'sqrt', 'rsqrt', 'square', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'gelu', 'erf', 'isnan', 'logicalNot'] as const;
for (const name of unaries) {
  P[name] = function (this: Tensor) {
    return ew[name](this);
  };
}

Object.assign(P, {
  clamp(this: Tensor, min?: TensorLike | null, max?: TensorLike | null) { return ew.clamp(this, min, max); },
  cast(this: Tensor, dtype: DType) { return ew.cast(this, dtype); },
  maskedFill(this: Tensor, mask: Tensor, value: TensorLike) { return ew.maskedFill(this, mask, value); },
  sum(this: Tensor, a?: Axes, o?: RO) { return rd.sum(this, a, o); },
  mean(this: Tensor, a?: Axes, o?: RO) { return rd.mean(this, a, o); },
  prod(this: Tensor, a?: Axes, o?: RO) { return rd.prod(this, a, o); },
  max(this: Tensor, a?: Axes, o?: RO) { return rd.max(this, a, o); },
  min(this: Tensor, a?: Axes, o?: RO) { return rd.min(this, a, o); },
  argmax(this: Tensor, a?: number, o?: RO) { return rd.argmax(this, a, o); },
  argmin(this: Tensor, a?: number, o?: RO) { return rd.argmin(this, a, o); },
  logsumexp(this: Tensor, a?: Axes, o?: RO) { return rd.logsumexp(this, a, o); },
  var(this: Tensor, a?: Axes, o?: rd.VarOptions) { return rd.variance(this, a, o); },
  softmax(this: Tensor, axis?: number) { return rd.softmax(this, axis); },
  logSoftmax(this: Tensor, axis?: number) { return rd.logSoftmax(this, axis); },
  reshape(this: Tensor, s: readonly number[]) { return mv.reshape(this, s); },
  view(this: Tensor, s: readonly number[]) { return mv.view(this, s); },
  flatten(this: Tensor, s?: number, e?: number) { return mv.flatten(this, s, e); },
  permute(this: Tensor, d: readonly number[]) { return mv.permute(this, d); },
  transpose(this: Tensor, a?: number, b?: number) { return mv.transpose(this, a, b); },
  expand(this: Tensor, s: readonly number[]) { return mv.expand(this, s); },
  squeeze(this: Tensor, d?: number | readonly number[]) { return mv.squeeze(this, d); },
  unsqueeze(this: Tensor, d: number) { return mv.unsqueeze(this, d); },
  slice(this: Tensor, s: readonly mv.SliceSpec[]) { return mv.slice(this, s); },
  narrow(this: Tensor, d: number, s: number, l: number) { return mv.narrow(this, d, s, l); },
  select(this: Tensor, d: number, i: number) { return mv.select(this, d, i); },
  flip(this: Tensor, d: number | readonly number[]) { return mv.flip(this, d); },
  pad(this: Tensor, p: readonly number[], v?: number) { return mv.pad(this, p, v); },
  split(this: Tensor, s: number | readonly number[], d?: number) { return mv.split(this, s, d); },
  chunk(this: Tensor, c: number, d?: number) { return mv.chunk(this, c, d); },
  contiguous(this: Tensor) { return mv.contiguous(this); },
  matmul(this: Tensor, b: Tensor) { return la.matmul(this, b); },
  gather(this: Tensor, d: number, i: Tensor) { return ix.gather(this, d, i); },
  indexSelect(this: Tensor, d: number, i: Tensor) { return ix.indexSelect(this, d, i); },
  scatterAdd(this: Tensor, d: number, i: Tensor, s: Tensor) { return ix.scatterAdd(this, d, i, s); },
  clone(this: Tensor) { return tr.clone(this); },
  to(this: Tensor, device: Device) { return tr.to(this, device); },
});
