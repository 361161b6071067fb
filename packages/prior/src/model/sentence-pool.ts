/**
 * The report's global vector (shared/PRIOR.md §1): multi-head attention pooling over its
 * sentence vectors. The masked mean of the real sentences is prepended as an extra
 * token; it is the single query, attending over itself and the sentences (padding slots
 * masked out, no positions: a report is a set of sentences); its output is the report
 * vector. The mean token is never masked, so a report without sentences stays finite.
 */
import * as A from '@prior/autograd';
import { BatchNorm1d, type FactoryOptions, Module, MultiheadAttention } from '@prior/nn';
import { normalise } from './image-encoder.js';
import { type Tensor, ShapeError, concat, lt, scope, tensor, unsqueeze, zeros } from '@prior/tensor';
import { sentenceMask } from '../losses/checks.js';

export class SentenceAttentionPool extends Module {
  readonly attn: MultiheadAttention;
  /** Non-affine batch normalisation of the report vector (config.globalNorm), or null. */
  readonly globalNorm: BatchNorm1d | null;

  constructor(
    readonly embedDim: number,
    readonly heads: number,
    opts: FactoryOptions = {},
    normaliseGlobal = false,
  ) {
    super();
    this.attn = this.registerModule('attn', new MultiheadAttention(embedDim, heads, { ...opts, batchFirst: true }));
    this.globalNorm = this.registerModule('global_norm', normaliseGlobal ? new BatchNorm1d(embedDim, { ...opts, affine: false }) : null);
  }

  /** slots [B, S, D] of which the first counts[b] are real → [B, D]. */
  forward(slots: Tensor, counts: readonly number[]): Tensor {
    if (slots.rank !== 3 || slots.shape[2] !== this.embedDim || counts.length !== slots.shape[0]) {
      throw new ShapeError(`SentenceAttentionPool: slots must be [B, S, ${this.embedDim}] with one count per report, got [${slots.shape.join(', ')}] and ${counts.length} counts`);
    }
    const [b, s] = slots.shape;
    const { weight, padding } = scope(() => {
      const mask = sentenceMask(counts, s, slots); // [B, S] float, 1 = real
      const inv = tensor(Float64Array.from(counts, (n) => 1 / Math.max(n, 1)), { shape: [b, 1, 1], dtype: slots.dtype, device: slots.backend });
      return {
        // Masked-mean weights [B, S, 1]: 1 / n_b on real slots.
        weight: A.mul(unsqueeze(mask, 2), inv),
        // [B, 1 + S] bool, true = may not attend: the padding slots.
        padding: concat([zeros([b, 1], { dtype: 'bool', device: slots.backend }), lt(mask, 0.5)], 1),
      };
    });
    const meanToken = A.sum(A.mul(slots, weight), 1, { keepdim: true }); // [B, 1, D]
    const seq = A.concat([meanToken, slots], 1);
    const out = this.attn.forward(meanToken, seq, seq, { keyPaddingMask: padding, needWeights: false }).output; // [B, 1, D]
    return normalise(this.globalNorm, A.reshape(out, [b, this.embedDim]));
  }
}
