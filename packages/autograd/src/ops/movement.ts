/**
 * Views and copies that move elements around. Their rules move the gradient back:
 * reshape it, permute it inversely, scatter it into zeros (slice/narrow/select/pad),
 * or cut it into pieces (concat/stack). expand needs no rule of its own beyond
 * passing g through: the tape sums broadcast axes back.
 */
import * as T from '@prior/tensor';
import type { SliceSpec, Tensor } from '@prior/tensor';
import { normAxis, padsFor } from '../axes.js';
import { differentiable } from '../record.js';

/** A rule for ops that only rearrange shape metadata: reshape g back. */
const reshapeBack = (g: Tensor, { args: [x] }: { args: readonly [Tensor, ...unknown[]] }) => [T.reshape(g, x.shape)];

export const reshape = differentiable('reshape', (x: Tensor, shape: readonly number[]) => T.reshape(x, shape), reshapeBack, 'none');
export const view = differentiable('view', (x: Tensor, shape: readonly number[]) => T.view(x, shape), reshapeBack, 'none');
export const flatten = differentiable('flatten', (x: Tensor, startDim?: number, endDim?: number) => T.flatten(x, startDim, endDim), reshapeBack, 'none');
export const squeeze = differentiable('squeeze', (x: Tensor, dims?: number | readonly number[]) => T.squeeze(x, dims), reshapeBack, 'none');
export const unsqueeze = differentiable('unsqueeze', (x: Tensor, dim: number) => T.unsqueeze(x, dim), reshapeBack, 'none');
export const contiguous = differentiable('contiguous', (x: Tensor) => T.contiguous(x), (g) => [g], 'none');
/** The tape sums the broadcast axes of g back to x's shape. */
export const expand = differentiable('expand', (x: Tensor, shape: readonly number[]) => T.expand(x, shape), (g) => [g], 'none');
export const broadcastTo = expand;

export const permute = differentiable(
  'permute',
  (x: Tensor, dims: readonly number[]) => T.permute(x, dims),
  (g, { args: [x, dims] }) => {
    const inverse = new Array<number>(dims.length);
    dims.forEach((d, i) => (inverse[normAxis('permute', d, x.rank)] = i));
    return [T.permute(g, inverse)];
  },
  'none',
);

export const transpose = differentiable(
  'transpose',
  (x: Tensor, dim0: number = -2, dim1: number = -1) => T.transpose(x, dim0, dim1),
  (g, { args: [, dim0 = -2, dim1 = -1] }) => [T.transpose(g, dim0, dim1)],
  'none',
);

export const flip = differentiable('flip', (x: Tensor, dims: number | readonly number[]) => T.flip(x, dims), (g, { args: [, dims] }) => [T.flip(g, dims)], 'none');

/**
 * The gradient of taking `len` entries from `start` every `step` along `axis` of an
 * axis of size n: g spread out with step-1 zeros after each entry, then zero-padded
 * (or cropped) to n.
 */
function unslice(g: Tensor, axis: number, n: number, start: number, step: number, len: number): Tensor {
  let r = g;
  if (step > 1) {
    const spread = T.pad(T.unsqueeze(r, axis + 1), padsFor(axis + 1, r.rank + 1, 0, step - 1));
    r = T.reshape(spread, r.shape.map((d, i) => (i === axis ? d * step : d)));
  }
  const covered = len * step;
  return T.pad(r, padsFor(axis, r.rank, start, n - start - covered));
}

/** Python slice bounds as the tensor package's slice applies them. */
function bounds(spec: NonNullable<SliceSpec>, n: number): { start: number; step: number; len: number } {
  const step = spec[2] ?? 1;
  const at = (v: number | undefined, dflt: number) => (v === undefined ? dflt : Math.min(Math.max(v < 0 ? v + n : v, 0), n));
  const start = at(spec[0], 0);
  const len = Math.max(0, Math.ceil((at(spec[1], n) - start) / step));
  return { start, step, len };
}

export const slice = differentiable(
  'slice',
  (x: Tensor, specs: readonly SliceSpec[]) => T.slice(x, specs),
  (g, { args: [x, specs] }) => {
    let r = g;
    specs.forEach((spec, axis) => {
      if (!spec) return;
      const { start, step, len } = bounds(spec, x.shape[axis]);
      r = unslice(r, axis, x.shape[axis], len > 0 ? start : 0, step, len);
    });
    return [r];
  },
  'none',
);

export const narrow = differentiable(
  'narrow',
  (x: Tensor, dim: number, start: number, length: number) => T.narrow(x, dim, start, length),
  (g, { args: [x, dim, start, length] }) => {
    const d = normAxis('narrow', dim, x.rank);
    const n = x.shape[d];
    return [unslice(g, d, n, start < 0 ? start + n : start, 1, length)];
  },
  'none',
);

export const select = differentiable(
  'select',
  (x: Tensor, dim: number, index: number) => T.select(x, dim, index),
  (g, { args: [x, dim, index] }) => {
    const d = normAxis('select', dim, x.rank);
    const n = x.shape[d];
    return [unslice(T.unsqueeze(g, d), d, n, index < 0 ? index + n : index, 1, 1)];
  },
  'none',
);

/** Constant padding (F.pad order); the gradient crops the padding off (and pads back what was cropped). */
export const pad = differentiable(
  'pad',
  (x: Tensor, pads: readonly number[], value?: number) => T.pad(x, pads, value),
  (g, { args: [, pads] }) => [T.pad(g, pads.map((p) => -p))],
  'none',
);

export const concat = differentiable(
  'concat',
  (tensors: readonly Tensor[], dim: number = 0) => T.concat(tensors, dim),
  (g, { args: [tensors, dim = 0] }) => {
    const d = normAxis('concat', dim, g.rank);
    let at = 0;
    return [
      tensors.map((t) => {
        const piece = T.narrow(g, d, at, t.shape[d]);
        at += t.shape[d];
        return piece;
      }),
    ];
  },
  'none',
);
export const cat = concat;

export const stack = differentiable(
  'stack',
  (tensors: readonly Tensor[], dim: number = 0) => T.stack(tensors, dim),
  (g, { args: [tensors, dim = 0] }) => {
    const d = normAxis('stack', dim, g.rank);
    return [tensors.map((_, i) => T.select(g, d, i))];
  },
  'none',
);

/** Pieces are narrow views, each with its own node. */
export function split(x: Tensor, sizes: number | readonly number[], dim = 0): Tensor[] {
  const pieces = T.split(x, sizes, dim);
  const d = normAxis('split', dim, x.rank);
  const lengths = pieces.map((p) => p.shape[d]);
  for (const p of pieces) p.dispose();
  let at = 0;
  return lengths.map((len) => {
    const t = narrow(x, d, at, len);
    at += len;
    return t;
  });
}

/** `chunks` nearly equal pieces (PyTorch's rule: ceil(n / chunks) per chunk). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  const pieces = T.chunk(x, chunks, dim);
  const d = normAxis('chunk', dim, x.rank);
  const sizes = pieces.map((p) => p.shape[d]);
  for (const p of pieces) p.dispose();
  return split(x, sizes, d);
}
