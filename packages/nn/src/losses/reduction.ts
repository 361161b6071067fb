/** The `reduction` argument every loss takes, as PyTorch spells it. */
import * as A from '@prior/autograd';
import type { Tensor } from '@prior/tensor';

export type Reduction = 'mean' | 'sum' | 'none';

/** Reduces an elementwise loss: mean over all elements, sum, or unchanged. */
export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? A.sum(loss) : A.mean(loss);
}
