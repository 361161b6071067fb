/** Loss and targets of a classification head: BCE-with-logits (multi-label) or cross-entropy (multi-class). */
import { binaryCrossEntropyWithLogits, crossEntropy } from '@prior/nn';
import { type Device, type Tensor, tensor } from '@prior/tensor';
import type { ClassificationKind } from '../common/scores.js';

/** Targets of a batch: float32 [B, C] 0/1 rows, or int32 [B] class indices. */
export function targetTensor(kind: ClassificationKind, labels: readonly (number[] | number)[], classes: number, device?: Device): Tensor {
  if (kind === 'multi-class') return tensor(Int32Array.from(labels as number[]), { shape: [labels.length], dtype: 'int32', device });
  const flat = new Float32Array(labels.length * classes);
  labels.forEach((l, i) => flat.set(l as number[], i * classes));
  return tensor(flat, { shape: [labels.length, classes], dtype: 'float32', device });
}

export function headLoss(kind: ClassificationKind, logits: Tensor, targets: Tensor): Tensor {
  return kind === 'multi-label' ? binaryCrossEntropyWithLogits(logits, targets) : crossEntropy(logits, targets);
}

/** Logits → probabilities on the host: sigmoid per class, or softmax per row. */
export function toProbabilities(kind: ClassificationKind, logits: ArrayLike<number>, classes: number): Float64Array {
  if (kind === 'multi-label') return Float64Array.from(logits, (x) => 1 / (1 + Math.exp(-x)));
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i += classes) {
    let m = -Infinity;
    for (let j = 0; j < classes; j++) m = Math.max(m, logits[i + j]);
    let s = 0;
    for (let j = 0; j < classes; j++) s += out[i + j] = Math.exp(logits[i + j] - m);
    for (let j = 0; j < classes; j++) out[i + j] /= s;
  }
  return out;
}

/**
 * Minibatches of one epoch in a seeded order. No batch has a single example (batch-norm
 * in training mode needs two): a lone last example joins the previous batch, and a
 * one-example set is repeated.
 */
export function epochBatches(n: number, batchSize: number, order: readonly number[]): number[][] {
  const idx = n === 1 ? [order[0], order[0]] : [...order];
  const out: number[][] = [];
  for (let s = 0; s < idx.length; s += batchSize) out.push(idx.slice(s, s + batchSize));
  if (out.length > 1 && out[out.length - 1].length === 1) out[out.length - 2].push(...out.pop()!);
  return out;
}
