/** Softmax and log-softmax along one axis, fused: one saved output each. */
import * as T from '@prior/tensor';
import type { Tensor } from '@prior/tensor';
import { customVjp } from '../record.js';

/** dx = y ⊙ (g − Σ g⊙y). The forward is the tensor package's softmax: one backend call over the last axis. */
export const softmax = customVjp(
  (x: Tensor, axis: number = -1) => {
    const y = T.softmax(x, axis);
    return { output: y, saved: [y] };
  },
  (g, [y], _needs, [, axis = -1]) => [T.mul(y, T.sub(g, T.sum(T.mul(g, y), axis, { keepdim: true })))],
  'softmax',
);

/** dx = g − softmax ⊙ Σ g. */
export const logSoftmax = customVjp(
  (x: Tensor, axis: number = -1) => {
    const y = T.logSoftmax(x, axis);
    return { output: y, saved: [y] };
  },
  (g, [y], _needs, [, axis = -1]) => [T.sub(g, T.mul(T.exp(y), T.sum(g, axis, { keepdim: true })))],
  'logSoftmax',
);
