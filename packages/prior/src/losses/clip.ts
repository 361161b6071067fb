/**
 * Global alignment (L_glob): CLIP's symmetric InfoNCE between L2-normalised pairs.
 * logits = exp(logScale) · â b̂ᵀ; the i-th row's positive is the i-th column; the
 * a→b and b→a cross-entropies are averaged. logScale is the learnable log of the
 * inverse temperature (log(1/0.01) at the start in PRIOR).
 */
import { add, crossEntropy, exp, l2Normalize, matmul, mul, reshape, transpose } from '@prior/autograd';
import { arange, type Tensor } from '@prior/tensor';
import { expectScalar, expectShape } from './checks.js';

export function clipLoss(a: Tensor, b: Tensor, logScale: Tensor): Tensor {
  expectShape('clipLoss', 'a', a, [null, null]);
  expectShape('clipLoss', 'b', b, [a.shape[0], a.shape[1]]);
  expectScalar('clipLoss', 'logScale', logScale);
  const logits = mul(matmul(l2Normalize(a, -1), transpose(l2Normalize(b, -1), 0, 1)), exp(reshape(logScale, [])));
  const labels = arange(0, a.shape[0], 1, { dtype: 'int32', device: a.backend });
  return mul(add(crossEntropy(logits, labels), crossEntropy(transpose(logits, 0, 1), labels)), 0.5);
}
