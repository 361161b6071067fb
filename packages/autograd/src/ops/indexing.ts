/** Gathering and scattering: each is the other's adjoint. */
import * as T from '@prior/tensor';
import type { Tensor } from '@prior/tensor';
import { normAxis } from '../axes.js';
import { differentiable } from '../record.js';

/** g scattered (summed) into zeros shaped like x at the gathered positions. */
function scatterBack(g: Tensor, xShape: readonly number[], dim: number, index: Tensor): Tensor {
  return T.scatterAdd(T.zeros(xShape, { dtype: g.dtype, device: g.backend }), dim, index, g);
}

export const gather = differentiable(
  'gather',
  (x: Tensor, dim: number, index: Tensor) => T.gather(x, dim, index),
  (g, { args: [x, dim, index] }) => [scatterBack(g, x.shape, dim, index), null, null],
  'inputs',
);

export const indexSelect = differentiable(
  'indexSelect',
  (x: Tensor, dim: number, index: Tensor) => T.indexSelect(x, dim, index),
  (g, { args: [x, dim, index] }) => {
    const d = normAxis('indexSelect', dim, x.rank);
    // The 1-D index as the full gather index: lifted to g's rank and broadcast.
    const full = T.expand(T.reshape(index, g.shape.map((n, i) => (i === d ? n : 1))), g.shape);
    return [scatterBack(g, x.shape, d, full), null, null];
  },
  'inputs',
);

/** base gets g; src gets g gathered at the index (zero where src lies beyond the index's extent). */
export const scatterAdd = differentiable(
  'scatterAdd',
  (base: Tensor, dim: number, index: Tensor, src: Tensor) => T.scatterAdd(base, dim, index, src),
  (g, { args: [, dim, index, src], needs }) => {
    if (!needs[3]) return [g, null, null, null];
    const picked = T.gather(g, dim, index);
    const pads = src.shape.flatMap((_, i) => [0, src.shape[src.rank - 1 - i] - index.shape[src.rank - 1 - i]]);
    return [g, null, null, T.pad(picked, pads)];
  },
  'inputs',
);
