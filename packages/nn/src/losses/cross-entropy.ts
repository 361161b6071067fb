/**
 * F.cross_entropy of PyTorch 1.13: logits [N, C, ...] (or [C]) against int32 class
 * indices [N, ...] or class probabilities shaped like the logits. Without class weights
 * the index case runs autograd's fused kernel; with weights (or probabilities) it is
 * composed from logSoftmax so autograd derives the gradient.
 */
import * as A from '@prior/autograd';
import { ShapeError, TensorError, type Tensor } from '@prior/tensor';
import { checkFloat, checkReduction, checkSameShape, fmt } from './checks.js';
import { classCount, rowShape, toRows } from './class-rows.js';
import type { Reduction } from './reduction.js';

export interface CrossEntropyOptions {
  /** Rescales each class's term: a float tensor [C]. */
  weight?: Tensor | null;
  /** Class-index targets equal to this are skipped, also in the mean (default -100). */
  ignoreIndex?: number;
  /** Mixes the target with the uniform distribution: (1 − ε)·target + ε/C (default 0). */
  labelSmoothing?: number;
  reduction?: Reduction;
}

export function crossEntropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  const eps = opts.labelSmoothing ?? 0;
  const ignoreIndex = opts.ignoreIndex ?? -100;
  checkReduction('crossEntropy', reduction);
  checkFloat('crossEntropy', input, 'input');
  if (input.rank === 0) throw new ShapeError('crossEntropy: input must have a class axis, got a rank-0 tensor');
  if (!(eps >= 0 && eps <= 1)) throw new TensorError(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
  const c = classCount(input);
  const weight = opts.weight ?? null;
  if (weight && (weight.rank !== 1 || weight.shape[0] !== c)) {
    throw new ShapeError(`crossEntropy: weight must have shape [${c}] (one per class), got ${fmt(weight.shape)}`);
  }
  if (target.dtype === 'float32' || target.dtype === 'float64') {
    checkSameShape('crossEntropy', input, target, 'probability target');
    if (ignoreIndex >= 0) throw new TensorError('crossEntropy: ignoreIndex is not supported for probability targets');
    return probabilities(input, target, weight, eps, reduction);
  }
  if (target.dtype !== 'int32') throw new TensorError(`crossEntropy: target must be int32 class indices or float probabilities, got ${target.dtype}`);
  if (!weight) return A.crossEntropy(input, target, { ignoreIndex, labelSmoothing: eps, reduction });
  const want = rowShape(input);
  if (want.length !== target.rank || want.some((n, i) => n !== target.shape[i])) {
    throw new ShapeError(`crossEntropy: target shape ${fmt(target.shape)} does not fit input ${fmt(input.shape)} (expected ${fmt(want)})`);
  }
  return weightedIndices(input, target, weight, ignoreIndex, eps, reduction);
}

/** Weighted class indices: PyTorch normalises the mean by the summed weights of the non-ignored targets. */
function weightedIndices(input: Tensor, target: Tensor, weight: Tensor, ignoreIndex: number, eps: number, reduction: Reduction): Tensor {
  const c = classCount(input);
  const logp = A.logSoftmax(toRows(input), -1);
  const t = A.reshape(target, [-1]);
  const valid = A.ne(t, ignoreIndex);
  const safe = A.where(valid, t, 0);
  const rowWeight = A.mul(A.gather(weight, 0, safe), A.cast(valid, input.dtype));
  const picked = A.squeeze(A.gather(logp, 1, A.unsqueeze(safe, 1)), 1);
  let per = A.neg(A.mul(picked, rowWeight));
  if (eps > 0) {
    const smooth = A.mul(A.neg(A.sum(A.mul(logp, weight), -1)), A.cast(valid, input.dtype));
    per = A.add(A.mul(per, 1 - eps), A.mul(smooth, eps / c));
  }
  if (reduction === 'none') return A.reshape(per, target.shape);
  const total = A.sum(per);
  return reduction === 'sum' ? total : A.div(total, A.sum(rowWeight));
}

/** Probability targets: −Σ_c w_c·q_c·log p_c per row; the mean is over rows. */
function probabilities(input: Tensor, target: Tensor, weight: Tensor | null, eps: number, reduction: Reduction): Tensor {
  const c = classCount(input);
  const logp = A.logSoftmax(toRows(input), -1);
  let q = toRows(target);
  if (eps > 0) q = A.add(A.mul(q, 1 - eps), eps / c);
  if (weight) q = A.mul(q, weight);
  const per = A.neg(A.sum(A.mul(logp, q), -1));
  if (reduction === 'none') return A.reshape(per, rowShape(input));
  return reduction === 'sum' ? A.sum(per) : A.mean(per);
}
