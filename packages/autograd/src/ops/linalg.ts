import * as T from '@prior/tensor';
import type { Tensor } from '@prior/tensor';
import { differentiable } from '../record.js';

/**
 * matmul: dA = g·Bᵀ, dB = Aᵀ·g, computed on the 2-D (batched) forms; 1-D operands are
 * lifted to a row (A) or a column (B) as the forward does, and the tape sums broadcast
 * batch dims back.
 */
export const matmul = differentiable(
  'matmul',
  (a: Tensor, b: Tensor) => T.matmul(a, b),
  (g, { args: [a, b], needs }) => {
    const a2 = a.rank === 1 ? T.unsqueeze(a, 0) : a;
    const b2 = b.rank === 1 ? T.unsqueeze(b, 1) : b;
    // g with the lifted axes restored: [..., m, n].
    let g2 = g;
    if (a.rank === 1) g2 = T.unsqueeze(g2, b.rank === 1 ? 0 : -2);
    if (b.rank === 1) g2 = T.unsqueeze(g2, -1);
    let da = needs[0] ? T.matmul(g2, T.transpose(b2, -1, -2)) : null;
    let db = needs[1] ? T.matmul(T.transpose(a2, -1, -2), g2) : null;
    // A 1-D b's gradient is [..., k, 1]: drop the column axis; a 1-D a's [..., 1, k] broadcasts back as is.
    if (db && b.rank === 1) db = T.squeeze(db, -1);
    if (da && a.rank === 1 && b.rank === 1) da = T.squeeze(da, -2);
    return [da, db];
  },
  'inputs',
);
