/**
 * The sentence prototype bank (SPB, shared/PRIOR.md §2.3): K learnable prototypes E.
 * Each real sentence vector x becomes x̂ = p E with p a Gumbel-softmax over x Eᵀ
 * (τ from the configuration) in training, and the deterministic softmax(x Eᵀ / τ) at
 * evaluation, so encodings are reproducible. Padding slots stay 0 and draw no noise.
 */
import { type FactoryOptions, Module, Parameter, init } from '@prior/nn';
import type { Generator, Tensor } from '@prior/tensor';
import { assignPrototypes } from '../losses/prototypes.js';
import { gatherReal, scatterReal } from './real-slots.js';

export interface BankOutput {
  /** [B, S, D] x̂ in the real slots, 0 in padding slots. */
  quantized: Tensor;
  /** [N, D] the real sentences' x (in slot order). */
  realInputs: Tensor;
  /** [N, D] their x̂. */
  realQuantized: Tensor;
  /** [N, K] their assignment probabilities. */
  probs: Tensor;
}

export class PrototypeBank extends Module {
  /** E: [K, D]. */
  readonly prototypes: Parameter;

  constructor(
    readonly count: number,
    readonly embedDim: number,
    readonly tau: number,
    opts: FactoryOptions = {},
  ) {
    super();
    // N(0, 1) as nn.Embedding: prototypes start at the scale of the projected sentence vectors.
    this.prototypes = this.registerParameter('prototypes', new Parameter(init.normal([count, embedDim], 0, 1, opts)));
  }

  /** slots [B, S, D], counts[b] real. `stochastic`: Gumbel noise (training) or none (evaluation). */
  forward(slots: Tensor, counts: readonly number[], stochastic: boolean, generator?: Generator): BankOutput {
    const realInputs = gatherReal(slots, counts);
    const a = assignPrototypes(realInputs, this.prototypes.value, { tau: this.tau, training: stochastic, generator });
    return { quantized: scatterReal(a.quantized, counts, slots.shape[1]), realInputs, realQuantized: a.quantized, probs: a.probs };
  }
}
