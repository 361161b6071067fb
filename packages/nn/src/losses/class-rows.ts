/**
 * PyTorch puts the class axis at 1 ([N, C, d1, ...]) or 0 for one unbatched sample ([C]).
 * The losses over classes work on rows: the class axis moved last and the rest flattened.
 */
import * as A from '@prior/autograd';
import type { Tensor } from '@prior/tensor';

/** [M, C] rows of `x`, class axis last. */
export function toRows(x: Tensor): Tensor {
  if (x.rank === 1) return A.unsqueeze(x, 0);
  if (x.rank === 2) return x;
  const perm = [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2), 1];
  return A.reshape(A.permute(x, perm), [-1, x.shape[1]]);
}

/** The shape of one value per row: the input's shape without its class axis. */
export function rowShape(x: Tensor): number[] {
  return x.rank === 1 ? [] : [x.shape[0], ...x.shape.slice(2)];
}

export function classCount(x: Tensor): number {
  return x.rank === 1 ? x.shape[0] : x.shape[1];
}
