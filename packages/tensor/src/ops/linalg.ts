import { isFloat, promoteTypes } from '../dtype.js';
import { ShapeError, fmtShape } from '../errors.js';
import { broadcastShapes, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { cast } from './elementwise.js';
import { backendOf, broadcastView, checkDType, filled, wrap } from './internal.js';
import { reshape, squeeze, unsqueeze } from './movement.js';

/**
 * Matrix product with NumPy/PyTorch semantics: 1-D operands are promoted to a row
 * or column and that axis is removed again; batch dims broadcast. Transposed or
 * otherwise strided operands are read in place, without a copy.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const be = backendOf('matmul', a, b);
  if (a.rank === 0 || b.rank === 0) throw new ShapeError(`matmul: operands must be at least 1-D, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const a2 = a.rank === 1 ? unsqueeze(a, 0) : a;
  const b2 = b.rank === 1 ? unsqueeze(b, 1) : b;
  const owned: Tensor[] = [];
  if (a2 !== a) owned.push(a2);
  if (b2 !== b) owned.push(b2);
  try {
    const [m, k] = a2.shape.slice(-2);
    const [k2, n] = b2.shape.slice(-2);
    if (k !== k2) throw new ShapeError(`matmul: inner dims differ: ${fmtShape(a.shape)} @ ${fmtShape(b.shape)}`);
    const batch = broadcastShapes('matmul', a2.shape.slice(0, -2), b2.shape.slice(0, -2));
    let dtype = promoteTypes(a.dtype, b.dtype);
    if (!isFloat(dtype)) dtype = 'float32';
    checkDType('matmul', be, dtype);
    const ac = a2.dtype === dtype ? a2 : cast(a2, dtype);
    const bc = b2.dtype === dtype ? b2 : cast(b2, dtype);
    if (ac !== a2) owned.push(ac);
    if (bc !== b2) owned.push(bc);
    const outShape = [...batch, m, n];
    let out: Tensor;
    if (sizeOf(outShape) === 0 || k === 0) out = filled(be, outShape, 0, dtype);
    else {
      const va = broadcastView(ac.viewFor('matmul'), [...batch, m, k]);
      const vb = broadcastView(bc.viewFor('matmul'), [...batch, k, n]);
      out = wrap(be.matmul(va, vb, dtype), outShape, dtype);
    }
    if (a.rank > 1 && b.rank > 1) return out;
    const drop = [...(a.rank === 1 ? [outShape.length - 2] : []), ...(b.rank === 1 ? [outShape.length - 1] : [])];
    const r = squeeze(out, drop);
    const c = reshape(r, r.shape);
    r.dispose();
    out.dispose();
    return c;
  } finally {
    for (const t of owned) t.dispose();
  }
}
