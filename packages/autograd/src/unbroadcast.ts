import { type DType, type Tensor, cast, reshape, sum } from '@prior/tensor';
import { AutogradError } from './errors.js';

/**
 * Undoes broadcasting: sums `g` over the leading axes and the size-1 axes that
 * broadcasting expanded, so it takes `shape`, then casts it to `dtype`. Returns a new
 * tensor (the caller still owns `g`).
 */
export function unbroadcast(op: string, g: Tensor, shape: readonly number[], dtype: DType): Tensor {
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  let fits = lead >= 0;
  g.shape.forEach((d, i) => {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] !== d) {
      if (shape[i - lead] === 1) axes.push(i);
      else fits = false;
    }
  });
  if (!fits) throw new AutogradError(`${op}: the vjp rule gave a gradient of shape [${g.shape.join(', ')}] for an input of shape [${shape.join(', ')}]`);
  let r = axes.length ? sum(g, axes, { keepdim: true }) : cast(g, g.dtype);
  if (lead > 0 || r.rank !== shape.length) {
    const v = reshape(r, shape);
    r.dispose();
    r = v;
  }
  if (r.dtype !== dtype) {
    const c = cast(r, dtype);
    r.dispose();
    r = c;
  }
  return r;
}
