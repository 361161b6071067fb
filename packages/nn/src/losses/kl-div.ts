/**
 * F.kl_div of PyTorch 1.13: `input` holds log-probabilities, `target` probabilities (or
 * log-probabilities with logTarget). Per element: t·(log t − x), 0 where t = 0; with
 * logTarget exp(t)·(t − x). 'batchmean' divides the sum by the batch size (the true KL
 * divergence per sample); 'mean', PyTorch's default, divides by the element count.
 */
import * as A from '@prior/autograd';
import type { Tensor } from '@prior/tensor';
import { checkFloat, checkReduction, checkSameShape } from './checks.js';
import type { Reduction } from './reduction.js';

export interface KlDivOptions {
  reduction?: Reduction | 'batchmean';
  /** The target holds log-probabilities (default false). */
  logTarget?: boolean;
}

export function klDiv(input: Tensor, target: Tensor, opts: KlDivOptions = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  checkReduction('klDiv', reduction, ['batchmean']);
  checkFloat('klDiv', input, 'input');
  checkFloat('klDiv', target, 'target');
  checkSameShape('klDiv', input, target);
  let loss: Tensor;
  if (opts.logTarget) loss = A.mul(A.exp(target), A.sub(target, input));
  else {
    const positive = A.gt(target, 0);
    const tLogT = A.where(positive, A.mul(target, A.log(A.where(positive, target, 1))), 0);
    loss = A.sub(tLogT, A.mul(target, input));
  }
  if (reduction === 'none') return loss;
  if (reduction === 'mean') return A.mean(loss);
  const total = A.sum(loss);
  return reduction === 'batchmean' && input.rank > 0 ? A.div(total, input.shape[0]) : total;
}
