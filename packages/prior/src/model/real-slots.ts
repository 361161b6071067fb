/**
 * Moving between padded sentence slots [B, S, D] and the real sentences only [N, D]
 * (N = Σ counts[b], report by report, slot order kept). The index lists are built on the
 * host from the counts, so no read-back is needed.
 */
import * as A from '@prior/autograd';
import { type Tensor, tensor, zeros } from '@prior/tensor';

/** Flat indices b·S + s of the real slots. */
export function realSlotIndex(counts: readonly number[], slots: number): Int32Array {
  const out: number[] = [];
  counts.forEach((n, b) => {
    for (let s = 0; s < Math.min(n, slots); s++) out.push(b * slots + s);
  });
  return Int32Array.from(out);
}

/** [B, S, D] → [N, D]: the real slots' rows. */
export function gatherReal(x: Tensor, counts: readonly number[]): Tensor {
  const [b, s, d] = x.shape;
  const index = tensor(realSlotIndex(counts, s), { device: x.backend });
  return A.indexSelect(A.reshape(x, [b * s, d]), 0, index);
}

/** [N, D] → [B, S, D]: rows back in their slots, zeros in padding slots. */
export function scatterReal(rows: Tensor, counts: readonly number[], slots: number): Tensor {
  const d = rows.shape[1];
  const n = rows.shape[0];
  const index = new Int32Array(counts.length * slots).fill(n); // row n: an appended zero row
  realSlotIndex(counts, slots).forEach((flat, k) => (index[flat] = k));
  const padded = A.concat([rows, zeros([1, d], { dtype: rows.dtype, device: rows.backend })], 0);
  return A.reshape(A.indexSelect(padded, 0, tensor(index, { device: rows.backend })), [counts.length, slots, d]);
}
