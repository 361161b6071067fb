import { ShapeError, TensorError, fmtShape } from '../errors.js';
import { assertShape, contiguousStrides, isContiguous, normAxis, sizeOf } from '../shape.js';
import { promoteTypes } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { backendOf, filled, viewOf, wrap } from './internal.js';
import { cast } from './elementwise.js';

/** A contiguous copy when needed, else a view sharing storage. */
export function contiguous(x: Tensor): Tensor {
  if (x.isContiguous) return viewOf('contiguous', x, x.shape, contiguousStrides(x.shape), x.offset);
  if (x.size === 0) return filled(x.backend, x.shape, 0, x.dtype);
  return wrap(x.backend.unary('identity', x.viewFor('contiguous'), x.dtype), x.shape, x.dtype);
}

/** Resolves one -1 entry against the element count. */
function resolveShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  const out = [...shape];
  const free = out.indexOf(-1);
  if (free !== out.lastIndexOf(-1)) throw new ShapeError(`${op}: only one dimension may be -1, got ${fmtShape(shape)}`);
  if (free >= 0) {
    const known = sizeOf(out.filter((_, i) => i !== free));
    if (known === 0 || x.size % known !== 0) throw new ShapeError(`${op}: cannot infer -1 in ${fmtShape(shape)} for ${x.size} elements`);
    out[free] = x.size / known;
  }
  assertShape(op, out);
  if (sizeOf(out) !== x.size) {
    throw new ShapeError(`${op}: shape ${fmtShape(shape)} has ${sizeOf(out)} elements but the input ${fmtShape(x.shape)} has ${x.size}`);
  }
  return out;
}

/** A view with a new shape; the input must be contiguous. */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  const s = resolveShape('view', x, shape);
  if (!x.isContiguous) throw new ShapeError(`view: input ${fmtShape(x.shape)} is not contiguous; use reshape() or contiguous() first`);
  return viewOf('view', x, s, contiguousStrides(s), x.offset);
}

/** A view when the input is contiguous, else a copy. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const s = resolveShape('reshape', x, shape);
  if (x.isContiguous) return viewOf('reshape', x, s, contiguousStrides(s), x.offset);
  const c = contiguous(x);
  const r = viewOf('reshape', c, s, contiguousStrides(s), c.offset);
  c.dispose();
  return r;
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.rank === 0) return reshape(x, [1]);
  const s = normAxis('flatten', startDim, x.rank);
  const e = normAxis('flatten', endDim, x.rank);
  if (s > e) throw new ShapeError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  return reshape(x, [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.rank) throw new ShapeError(`permute: ${dims.length} dims given for a tensor of rank ${x.rank}`);
  const d = dims.map((a) => normAxis('permute', a, x.rank));
  if (new Set(d).size !== d.length) throw new ShapeError(`permute: dims [${dims.join(', ')}] repeat an axis`);
  return viewOf('permute', x, d.map((i) => x.shape[i]), d.map((i) => x.strides[i]), x.offset);
}

export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  const a = normAxis('transpose', dim0, x.rank);
  const b = normAxis('transpose', dim1, x.rank);
  const dims = [...x.shape.keys()];
  [dims[a], dims[b]] = [dims[b], dims[a]];
  return permute(x, dims);
}

/** Broadcasts size-1 (or new leading) axes to `shape`; -1 keeps a size. A view. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.rank;
  if (lead < 0) throw new ShapeError(`expand: target ${fmtShape(shape)} has fewer dims than the input ${fmtShape(x.shape)}`);
  const outShape: number[] = [];
  const strides: number[] = [];
  shape.forEach((d, i) => {
    const j = i - lead;
    const src = j >= 0 ? x.shape[j] : 1;
    const size = d === -1 ? src : d;
    if (d === -1 && j < 0) throw new ShapeError(`expand: -1 is not allowed for a new leading dim in ${fmtShape(shape)}`);
    if (src !== size && src !== 1) throw new ShapeError(`expand: input ${fmtShape(x.shape)} cannot expand to ${fmtShape(shape)}`);
    outShape.push(size);
    strides.push(j < 0 || (src === 1 && size !== 1) ? 0 : x.strides[j]);
  });
  assertShape('expand', outShape);
  return viewOf('expand', x, outShape, strides, x.offset);
}
export const broadcastTo = expand;

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normAxis('unsqueeze', dim, x.rank + 1);
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < x.rank ? x.strides[d] * x.shape[d] : 1);
  return viewOf('unsqueeze', x, shape, strides, x.offset);
}

/** Removes size-1 axes (all of them, or the given ones; a given axis of size > 1 is kept, as in PyTorch). */
export function squeeze(x: Tensor, dims?: number | readonly number[]): Tensor {
  const list = dims === undefined ? [...x.shape.keys()] : (typeof dims === 'number' ? [dims] : dims).map((d) => normAxis('squeeze', d, x.rank));
  const drop = new Set(list.filter((d) => x.shape[d] === 1));
  const keep = [...x.shape.keys()].filter((i) => !drop.has(i));
  return viewOf('squeeze', x, keep.map((i) => x.shape[i]), keep.map((i) => x.strides[i]), x.offset);
}

/** Per-axis [start, stop, step] (Python slice rules, step > 0); null keeps the axis whole. */
export type SliceSpec = readonly [number?, number?, number?] | null | undefined;

export function slice(x: Tensor, specs: readonly SliceSpec[]): Tensor {
  if (specs.length > x.rank) throw new ShapeError(`slice: ${specs.length} slices for a tensor of rank ${x.rank}`);
  let offset = x.offset;
  const shape = [...x.shape];
  const strides = [...x.strides];
  specs.forEach((spec, axis) => {
    if (!spec) return;
    const n = x.shape[axis];
    const step = spec[2] ?? 1;
    if (!Number.isInteger(step) || step <= 0) throw new ShapeError(`slice: step must be a positive integer on axis ${axis}, got ${step} (use flip for reversal)`);
    const clampIdx = (v: number | undefined, dflt: number) => {
      if (v === undefined) return dflt;
      if (!Number.isInteger(v)) throw new ShapeError(`slice: bounds must be integers on axis ${axis}, got ${v}`);
      return Math.min(Math.max(v < 0 ? v + n : v, 0), n);
    };
    const start = clampIdx(spec[0], 0);
    const stop = clampIdx(spec[1], n);
    const len = Math.max(0, Math.ceil((stop - start) / step));
    offset += len > 0 ? start * x.strides[axis] : 0;
    shape[axis] = len;
    strides[axis] = x.strides[axis] * step;
  });
  return viewOf('slice', x, shape, strides, offset);
}

/** `length` entries of `dim` from `start` (a view). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normAxis('narrow', dim, x.rank);
  const n = x.shape[d];
  const s = start < 0 ? start + n : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > n) {
    throw new ShapeError(`narrow: start ${start} and length ${length} do not fit dim ${dim} of size ${n}`);
  }
  const specs: SliceSpec[] = Array(d + 1).fill(null);
  specs[d] = [s, s + length];
  return slice(x, specs);
}

/** The entry `index` of `dim`, that axis removed (a view). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normAxis('select', dim, x.rank);
  const n = x.shape[d];
  const i = index < 0 ? index + n : index;
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new ShapeError(`select: index ${index} is out of range for dim ${dim} of size ${n}`);
  const shape = x.shape.filter((_, k) => k !== d);
  const strides = x.strides.filter((_, k) => k !== d);
  return viewOf('select', x, shape, strides, x.offset + i * x.strides[d]);
}

/** Reverses the given axes (a view with negative strides). */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  const list = (typeof dims === 'number' ? [dims] : dims).map((d) => normAxis('flip', d, x.rank));
  let offset = x.offset;
  const strides = [...x.strides];
  for (const d of new Set(list)) {
    if (x.shape[d] > 0) offset += (x.shape[d] - 1) * x.strides[d];
    strides[d] = -strides[d];
  }
  return viewOf('flip', x, x.shape, strides, offset);
}

/** Writes `src` into a region view `dst` of a freshly made `out` (helper for concat/pad). */
function copyRegion(out: Tensor, src: Tensor, specs: SliceSpec[]): void {
  if (src.size === 0) return;
  const dst = slice(out, specs);
  out.backend.copyInto(src.viewFor('copy'), dst.viewFor('copy'));
  dst.dispose();
}

/** Joins tensors along an existing axis (dtypes promoted). */
export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new TensorError('concat: expected at least one tensor');
  const b = backendOf('concat', ...tensors);
  const first = tensors[0];
  const d = normAxis('concat', dim, first.rank);
  for (const t of tensors) {
    if (t.rank !== first.rank || t.shape.some((s, i) => i !== d && s !== first.shape[i])) {
      throw new ShapeError(`concat: shapes ${tensors.map((u) => fmtShape(u.shape)).join(', ')} differ outside dim ${dim}`);
    }
  }
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  const shape = [...first.shape];
  shape[d] = tensors.reduce((n, t) => n + t.shape[d], 0);
  const out = filled(b, shape, 0, dtype);
  let at = 0;
  for (const t of tensors) {
    const src = t.dtype === dtype ? t : cast(t, dtype);
    const specs: SliceSpec[] = Array(d + 1).fill(null);
    specs[d] = [at, at + t.shape[d]];
    copyRegion(out, src, specs);
    if (src !== t) src.dispose();
    at += t.shape[d];
  }
  return out;
}
export const cat = concat;

/** Joins tensors of one shape along a new axis. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new TensorError('stack: expected at least one tensor');
  const d = normAxis('stack', dim, tensors[0].rank + 1);
  for (const t of tensors) {
    if (t.rank !== tensors[0].rank || t.shape.some((s, i) => s !== tensors[0].shape[i])) {
      throw new ShapeError(`stack: all shapes must be equal, got ${tensors.map((u) => fmtShape(u.shape)).join(', ')}`);
    }
  }
  const parts = tensors.map((t) => unsqueeze(t, d));
  const r = concat(parts, d);
  for (const p of parts) p.dispose();
  return r;
}

/** Splits into views of `size` entries (last one shorter) or of the given sizes. */
export function split(x: Tensor, sizes: number | readonly number[], dim = 0): Tensor[] {
  const d = normAxis('split', dim, x.rank);
  const n = x.shape[d];
  let list: number[];
  if (typeof sizes === 'number') {
    if (!Number.isInteger(sizes) || sizes <= 0) throw new ShapeError(`split: size must be a positive integer, got ${sizes}`);
    list = [];
    for (let at = 0; at < n; at += sizes) list.push(Math.min(sizes, n - at));
    if (n === 0) list.push(0);
  } else {
    list = [...sizes];
    if (list.reduce((a, c) => a + c, 0) !== n) throw new ShapeError(`split: sizes [${list.join(', ')}] do not sum to dim ${dim} of size ${n}`);
  }
  let at = 0;
  return list.map((len) => {
    const t = narrow(x, d, at, len);
    at += len;
    return t;
  });
}

/** `chunks` nearly equal views (PyTorch's rule: ceil(n / chunks) per chunk). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new ShapeError(`chunk: chunks must be a positive integer, got ${chunks}`);
  const n = x.shape[normAxis('chunk', dim, x.rank)];
  return split(x, Math.max(1, Math.ceil(n / chunks)), dim);
}

/**
 * Constant padding in PyTorch's F.pad order: pairs (before, after) starting from the
 * LAST axis. Negative amounts crop.
 */
export function pad(x: Tensor, pads: readonly number[], value = 0): Tensor {
  if (pads.length % 2 !== 0 || pads.length / 2 > x.rank || !pads.every(Number.isInteger)) {
    throw new ShapeError(`pad: expected an even number (<= ${2 * x.rank}) of integer pads, got [${pads.join(', ')}]`);
  }
  const before = Array(x.rank).fill(0);
  const after = Array(x.rank).fill(0);
  for (let i = 0; i < pads.length / 2; i++) {
    before[x.rank - 1 - i] = pads[2 * i];
    after[x.rank - 1 - i] = pads[2 * i + 1];
  }
  const shape = x.shape.map((n, i) => n + before[i] + after[i]);
  if (shape.some((n) => n < 0)) throw new ShapeError(`pad: pads [${pads.join(', ')}] crop ${fmtShape(x.shape)} below size 0`);
  // Crop first (negative pads), then place the rest inside a filled output.
  const cropped = slice(x, x.shape.map((n, i) => [Math.max(0, -before[i]), n - Math.max(0, -after[i])] as const));
  const out = filled(x.backend, shape, value, x.dtype);
  copyRegion(out, cropped, cropped.shape.map((n, i) => [Math.max(0, before[i]), Math.max(0, before[i]) + n] as const));
  cropped.dispose();
  return out;
}
