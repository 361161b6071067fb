import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import { normAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { arange } from './create.js';
import { cast, eq } from './elementwise.js';
import { backendOf, filled, wrap } from './internal.js';
import { expand, reshape, unsqueeze } from './movement.js';
import { clone } from './transfer.js';

function checkIndex(op: string, index: Tensor): void {
  if (index.dtype !== 'int32') throw new DTypeError(`${op}: index must be int32, got ${index.dtype}`);
}

/**
 * torch.gather: out[..., j, ...] = x[..., index[..., j, ...], ...] along `dim`.
 * index has x's rank and is no larger than x outside `dim`. Out-of-range index
 * values throw on the cpu backend; on webgpu they are not checked (see README).
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const be = backendOf('gather', x, index);
  checkIndex('gather', index);
  const d = normAxis('gather', dim, x.rank);
  if (index.rank !== x.rank || index.shape.some((n, i) => i !== d && n > x.shape[i])) {
    throw new ShapeError(`gather: index ${fmtShape(index.shape)} must have the rank of x ${fmtShape(x.shape)} and be no larger outside dim ${dim}`);
  }
  if (index.size === 0) return filled(be, index.shape, 0, x.dtype);
  if (x.shape[d] === 0) throw new ShapeError(`gather: dim ${dim} of x ${fmtShape(x.shape)} is empty`);
  return wrap(be.gather(x.viewFor('gather'), d, index.viewFor('gather')), index.shape, x.dtype);
}

/** Rows (entries along `dim`) picked by a 1-D int32 index: embedding lookup. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndex('indexSelect', index);
  if (index.rank !== 1) throw new ShapeError(`indexSelect: index must be 1-D, got ${fmtShape(index.shape)}`);
  const d = normAxis('indexSelect', dim, x.rank);
  // Broadcast the index over the other axes as a stride-0 view: no copy.
  const shape = x.shape.map((n, i) => (i === d ? index.shape[0] : n));
  const lifted = reshape(index, shape.map((n, i) => (i === d ? n : 1)));
  const idx = expand(lifted, shape);
  lifted.dispose();
  const r = gather(x, d, idx);
  idx.dispose();
  return r;
}

/** torch.scatter_add: a copy of `base` with each src element added at its index along `dim`. */
export function scatterAdd(base: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const be = backendOf('scatterAdd', base, index, src);
  checkIndex('scatterAdd', index);
  if (src.dtype !== base.dtype) throw new DTypeError(`scatterAdd: src dtype ${src.dtype} differs from base dtype ${base.dtype}`);
  const d = normAxis('scatterAdd', dim, base.rank);
  if (index.rank !== base.rank || src.rank !== base.rank || index.shape.some((n, i) => n > src.shape[i] || (i !== d && n > base.shape[i]))) {
    throw new ShapeError(`scatterAdd: index ${fmtShape(index.shape)} must have the rank of base ${fmtShape(base.shape)}, be no larger than src ${fmtShape(src.shape)}, and no larger than base outside dim ${dim}`);
  }
  // Nothing to add: a copy of base (clone handles the empty case too).
  if (index.size === 0 || base.size === 0) return clone(base);
  return wrap(be.scatterAdd(base.viewFor('scatterAdd'), d, index.viewFor('scatterAdd'), src.viewFor('scatterAdd')), base.shape, base.dtype);
}

/** One-hot int32 encoding along a new last axis. */
export function oneHot(index: Tensor, numClasses: number): Tensor {
  checkIndex('oneHot', index);
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new ShapeError(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  const classes = arange(0, numClasses, 1, { dtype: 'int32', device: index.backend });
  const col = unsqueeze(index, -1);
  const hit = eq(col, classes);
  const r = cast(hit, 'int32');
  for (const t of [classes, col, hit]) t.dispose();
  return r;
}
