/**
 * Cross-entropy from logits and int32 class indices, fused: the backward is
 * (softmax − smoothed one-hot) per row, scaled by the row's weight in the reduction.
 * Layout as PyTorch's: logits [N, C] or [N, C, d1, ...] with target [N] or [N, d1, ...]
 * (or [C] with a rank-0 target).
 */
import * as T from '@prior/tensor';
import { DTypeError, ShapeError, type Tensor } from '@prior/tensor';
import { customVjp } from '../record.js';

export interface CrossEntropyOptions {
  /** Targets equal to this are skipped and excluded from the mean (default -100). */
  ignoreIndex?: number;
  /** Mixes the one-hot target with the uniform distribution: (1 − ε)·onehot + ε/C (default 0). */
  labelSmoothing?: number;
  /** 'mean' over non-ignored targets (default), 'sum', or 'none' (shape of target). */
  reduction?: 'mean' | 'sum' | 'none';
}

/** Logits with the class axis last, flattened to [M, C]. */
function toRows(z: Tensor): Tensor {
  if (z.rank === 1) return T.unsqueeze(z, 0);
  if (z.rank === 2) return z;
  const perm = [0, ...Array.from({ length: z.rank - 2 }, (_, i) => i + 2), 1];
  return T.reshape(T.permute(z, perm), [-1, z.shape[1]]);
}

/** Inverse of toRows for a gradient. */
function fromRows(g: Tensor, shape: readonly number[]): Tensor {
  if (shape.length <= 2) return T.reshape(g, shape);
  const moved = T.reshape(g, [shape[0], ...shape.slice(2), shape[1]]);
  const perm = [0, shape.length - 1, ...Array.from({ length: shape.length - 2 }, (_, i) => i + 1)];
  return T.permute(moved, perm);
}

function check(logits: Tensor, target: Tensor, eps: number): void {
  if (target.dtype !== 'int32') throw new DTypeError(`crossEntropy: target must hold int32 class indices, got ${target.dtype}`);
  const want = logits.rank === 1 ? [] : [logits.shape[0], ...logits.shape.slice(2)];
  if (logits.rank === 0 || want.length !== target.rank || want.some((n, i) => n !== target.shape[i])) {
    throw new ShapeError(`crossEntropy: target shape [${target.shape.join(', ')}] does not fit logits [${logits.shape.join(', ')}] (expected [${want.join(', ')}])`);
  }
  if (!(eps >= 0 && eps <= 1)) throw new ShapeError(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
}

const fused = customVjp(
  (logits: Tensor, target: Tensor, ignoreIndex: number, eps: number, reduction: 'mean' | 'sum' | 'none') => {
    const z = toRows(logits);
    const t = T.reshape(target, [-1]);
    const valid = T.ne(t, ignoreIndex);
    const safe = T.where(valid, t, 0);
    const logp = T.logSoftmax(z, -1);
    const nll = T.neg(T.squeeze(T.gather(logp, 1, T.unsqueeze(safe, 1)), 1));
    const smooth = eps > 0 ? T.add(T.mul(nll, 1 - eps), T.mul(T.neg(T.mean(logp, -1)), eps)) : nll;
    const per = T.where(valid, smooth, 0);
    const weight = T.cast(valid, logits.dtype); // each row's share of the reduced loss
    if (reduction === 'none') return { output: T.reshape(per, target.shape), saved: [logp, safe, weight] };
    const total = T.sum(per);
    if (reduction === 'sum') return { output: total, saved: [logp, safe, weight] };
    const count = T.sum(weight);
    return { output: T.div(total, count), saved: [logp, safe, T.div(weight, count)] };
  },
  (g, [logp, safe, weight], _needs, [logits, , , eps, reduction]) => {
    const c = logp.shape[1];
    const rowScale = T.mul(weight, reduction === 'none' ? T.reshape(g, [-1]) : g);
    const onehot = T.cast(T.oneHot(safe, c), logp.dtype);
    const q = T.add(T.mul(onehot, 1 - eps), eps / c);
    const dz = T.mul(T.sub(T.exp(logp), q), T.unsqueeze(rowScale, 1));
    return [fromRows(dz, logits.shape), null];
  },
  'crossEntropy',
);

export function crossEntropy(logits: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const eps = opts.labelSmoothing ?? 0;
  check(logits, target, eps);
  return fused(logits, target, opts.ignoreIndex ?? -100, eps, opts.reduction ?? 'mean');
}
