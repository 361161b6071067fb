/**
 * L_kl: over matched pairs, KL(softmax(x Eᵀ) ‖ softmax(z Eᵀ)) where x is the target
 * sentence vector and z the matched prediction: the prediction should query the bank
 * as its target does. Summed over the K prototypes, averaged over all matched pairs
 * (PyTorch's kl_div 'batchmean', as the reference).
 */
import { exp, logSoftmax, matmul, mean, mul, sub, sum, transpose } from '@prior/autograd';
import { type Tensor } from '@prior/tensor';
import { expectShape } from './checks.js';
import { gatherMatched, type SentenceMatching } from './sentence-matching.js';

/** KL(softmax(x Eᵀ) ‖ softmax(z Eᵀ)) per row of x, z [P, D], averaged over rows. */
export function prototypeKL(x: Tensor, z: Tensor, prototypes: Tensor): Tensor {
  expectShape('prototypeKL', 'prototypes', prototypes, [null, null]);
  expectShape('prototypeKL', 'x', x, [null, prototypes.shape[1]]);
  expectShape('prototypeKL', 'z', z, [x.shape[0], prototypes.shape[1]]);
  const et = transpose(prototypes, 0, 1);
  const logP = logSoftmax(matmul(x, et), -1);
  const logQ = logSoftmax(matmul(z, et), -1);
  return mean(sum(mul(exp(logP), sub(logP, logQ)), -1));
}

/** L_kl over the pairs of a matching: predictions [B, Q, D], targets [B, S, D]. */
export function klLoss(predictions: Tensor, targets: Tensor, prototypes: Tensor, matching: SentenceMatching): Tensor {
  const m = gatherMatched(predictions, targets, matching);
  return prototypeKL(m.targets, m.predictions, prototypes);
}
