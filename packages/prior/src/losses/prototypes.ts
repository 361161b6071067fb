/**
 * The sentence prototype bank (SPB): K learnable prototypes E ∈ [K, D]. A sentence
 * vector x is replaced by x̂ = p E with p = Gumbel-softmax(x Eᵀ, τ); the L1 prototype
 * loss L_proto = mean |x̂ − x| pulls prototypes and sentences together (gradients reach
 * both x and E).
 */
import { abs, matmul, mean, sub, transpose } from '@prior/autograd';
import { ShapeError, type Tensor } from '@prior/tensor';
import { expectShape, fmt } from './checks.js';
import { gumbelSoftmax, type GumbelSoftmaxOptions } from './gumbel-softmax.js';

export interface PrototypeAssignment {
  /** x Eᵀ: [N, K]. */
  logits: Tensor;
  /** Assignment probabilities p: [N, K]. */
  probs: Tensor;
  /** x̂ = p E: [N, D]. */
  quantized: Tensor;
}

/** Sentence vectors x [N, D] (real sentences only) against prototypes E [K, D]. */
export function assignPrototypes(x: Tensor, prototypes: Tensor, opts: GumbelSoftmaxOptions): PrototypeAssignment {
  expectShape('assignPrototypes', 'prototypes', prototypes, [null, null]);
  expectShape('assignPrototypes', 'x', x, [null, prototypes.shape[1]]);
  const logits = matmul(x, transpose(prototypes, 0, 1));
  const probs = gumbelSoftmax(logits, opts);
  return { logits, probs, quantized: matmul(probs, prototypes) };
}

/** L_proto = mean |x̂ − x| over every element. */
export function prototypeLoss(quantized: Tensor, x: Tensor): Tensor {
  if (quantized.rank !== x.rank || quantized.shape.some((n, i) => n !== x.shape[i])) {
    throw new ShapeError(`prototypeLoss: quantized ${fmt(quantized.shape)} and x ${fmt(x.shape)} must have the same shape`);
  }
  return mean(abs(sub(quantized, x)));
}
