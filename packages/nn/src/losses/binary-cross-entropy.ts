/**
 * F.binary_cross_entropy_with_logits of PyTorch 1.13. Per element, with
 * lw = 1 + (posWeight − 1)·t:  loss = (1 − t)·x + lw·softplus(−x), softplus computed
 * stably as log1p(exp(−|x|)) + max(−x, 0). The gradient is hand-written (as PyTorch's
 * is): composing it from |x| and max would give 0 instead of −lw/2 at x = 0.
 *   d/dx = (posWeight·t + 1 − t)·σ(x) − posWeight·t
 *   d/dt = −x + (posWeight − 1)·softplus(−x)
 */
import * as A from '@prior/autograd';
import * as T from '@prior/tensor';
import { ShapeError, type Tensor } from '@prior/tensor';
import { checkFloat, checkReduction, checkSameShape, fmt } from './checks.js';
import { type Reduction, reduce } from './reduction.js';

export interface BinaryCrossEntropyOptions {
  /** Rescales each element's loss (broadcast to the input). */
  weight?: Tensor | null;
  /** Weight of the positive term per class (broadcast along the last axis), as PyTorch's pos_weight. */
  posWeight?: Tensor | null;
  reduction?: Reduction;
}

const softplusNeg = (x: Tensor): Tensor => T.add(T.log1p(T.exp(T.neg(T.abs(x)))), T.relu(T.neg(x)));
const minusOne = (pw: Tensor | number): Tensor | number => (typeof pw === 'number' ? pw - 1 : T.sub(pw, 1));

/** Elementwise loss; posWeight may be absent (the number 1). */
const elementwise = A.customVjp(
  (x: Tensor, t: Tensor, pw: Tensor | number) => {
    const sp = softplusNeg(x);
    const lw = T.add(T.mul(t, minusOne(pw)), 1);
    return { output: T.add(T.mul(T.sub(1, t), x), T.mul(lw, sp)), saved: [x, t, sp, ...(typeof pw === 'number' ? [] : [pw])] };
  },
  (g, [x, t, sp, pwSaved], needs, [, , pwArg]) => {
    const pw: Tensor | number = typeof pwArg === 'number' ? pwArg : pwSaved;
    const pt = T.mul(t, pw);
    const dx = needs[0] ? T.mul(g, T.sub(T.mul(T.sub(T.add(pt, 1), t), T.sigmoid(x)), pt)) : null;
    const dt = needs[1] ? T.mul(g, T.add(T.neg(x), T.mul(sp, minusOne(pw)))) : null;
    // d/d posWeight = t·softplus(−x) (summed back to its shape by the tape).
    const dpw = needs[2] ? T.mul(g, T.mul(t, sp)) : null;
    return [dx, dt, dpw];
  },
  'binaryCrossEntropyWithLogits',
);

export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, opts: BinaryCrossEntropyOptions = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  checkReduction('binaryCrossEntropyWithLogits', reduction);
  checkFloat('binaryCrossEntropyWithLogits', input, 'input');
  checkFloat('binaryCrossEntropyWithLogits', target, 'target');
  checkSameShape('binaryCrossEntropyWithLogits', input, target);
  const pw = opts.posWeight ?? null;
  if (pw && (pw.rank > input.rank || (pw.rank > 0 && pw.shape[pw.rank - 1] !== 1 && pw.shape[pw.rank - 1] !== input.shape[input.rank - 1]))) {
    throw new ShapeError(`binaryCrossEntropyWithLogits: posWeight shape ${fmt(pw.shape)} does not broadcast along the classes of input ${fmt(input.shape)}`);
  }
  let loss = elementwise(input, target, pw ?? 1);
  if (opts.weight) loss = A.mul(loss, opts.weight);
  return reduce(loss, reduction);
}
