/** Elementwise regression losses of PyTorch 1.13: mse, l1 and smoothL1 (Huber scaled by 1/β). */
import * as A from '@prior/autograd';
import * as T from '@prior/tensor';
import { TensorError, type Tensor } from '@prior/tensor';
import { checkFloat, checkReduction, checkSameShape } from './checks.js';
import { type Reduction, reduce } from './reduction.js';

export interface RegressionLossOptions {
  reduction?: Reduction;
}

function check(loss: string, input: Tensor, target: Tensor, reduction: string): void {
  checkReduction(loss, reduction);
  checkFloat(loss, input, 'input');
  checkSameShape(loss, input, target);
}

/** (x − y)². */
export function mse(input: Tensor, target: Tensor, opts: RegressionLossOptions = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  check('mse', input, target, reduction);
  return reduce(A.square(A.sub(input, target)), reduction);
}

/** |x − y| (gradient 0 where x = y, as PyTorch's sign). */
export function l1(input: Tensor, target: Tensor, opts: RegressionLossOptions = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  check('l1', input, target, reduction);
  return reduce(A.abs(A.sub(input, target)), reduction);
}

export interface SmoothL1Options extends RegressionLossOptions {
  /** Where the loss turns from quadratic to linear (default 1; 0 gives l1). */
  beta?: number;
}

/**
 * PyTorch's smooth-L1 backward tests d ≤ −β, then d ≥ β, else d/β — for the input with
 * d = x − y and for the target with d = y − x, so at d = 0 with β = 0 both get slope −1.
 */
const slope = (d: Tensor, beta: number): Tensor => (beta === 0 ? T.where(T.le(d, 0), -1, 1) : T.clamp(T.div(d, beta), -1, 1));

const smoothL1Elementwise = A.customVjp(
  (x: Tensor, y: Tensor, beta: number) => {
    const d = T.sub(x, y);
    const a = T.abs(d);
    const loss = beta === 0 ? a : T.where(T.lt(a, beta), T.mul(T.square(d), 0.5 / beta), T.sub(a, 0.5 * beta));
    return { output: loss, saved: [d] };
  },
  (g, [d], needs, [, , beta]) => [needs[0] ? T.mul(g, slope(d, beta)) : null, needs[1] ? T.mul(g, slope(T.neg(d), beta)) : null],
  'smoothL1',
);

/** 0.5·d²/β where |d| < β, else |d| − 0.5·β (d = input − target). */
export function smoothL1(input: Tensor, target: Tensor, opts: SmoothL1Options = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  const beta = opts.beta ?? 1;
  if (!(beta >= 0)) throw new TensorError(`smoothL1: beta must be non-negative, got ${beta}`);
  check('smoothL1', input, target, reduction);
  return reduce(smoothL1Elementwise(input, target, beta), reduction);
}
