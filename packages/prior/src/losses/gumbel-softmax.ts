/**
 * Gumbel-softmax (soft): softmax((logits + g) / τ) with g = −log(−log U), U uniform from
 * a seeded Generator, so a run is reproducible and resumable. Without `generator`-drawn
 * noise (training: false) it is the deterministic softmax(logits / τ) used at evaluation;
 * the reference samples noise at test time too, which makes zero-shot results random.
 */
import { add, div, log, neg, softmax } from '@prior/autograd';
import { clamp, type Generator, rand, type Tensor } from '@prior/tensor';

export interface GumbelSoftmaxOptions {
  /** Temperature τ (0.9 in PRIOR). */
  tau: number;
  /** Add Gumbel noise (training) or not (evaluation). */
  training: boolean;
  /** Source of the noise (the default generator when absent). */
  generator?: Generator;
}

/** Smallest uniform draw used, so −log(−log U) stays finite. */
const U_MIN = 1e-20;

/** Standard Gumbel noise of `shape` (constant: no gradient). */
export function gumbelNoise(shape: readonly number[], like: Tensor, generator?: Generator): Tensor {
  const u = clamp(rand(shape, { dtype: like.dtype, device: like.backend, generator }), U_MIN, 1);
  return neg(log(neg(log(u))));
}

/** Probabilities over the last axis of `logits`. */
export function gumbelSoftmax(logits: Tensor, opts: GumbelSoftmaxOptions): Tensor {
  if (!(opts.tau > 0)) throw new RangeError(`gumbelSoftmax: tau must be > 0, got ${opts.tau}`);
  const z = opts.training ? add(logits, gumbelNoise(logits.shape, logits, opts.generator)) : logits;
  return softmax(div(z, opts.tau), -1);
}
