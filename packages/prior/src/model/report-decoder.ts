/**
 * The non-autoregressive report decoder of cross-modality conditional reconstruction
 * (shared/PRIOR.md §2.4): Q learned queries pass in one go through a stack of
 * transformer decoder layers, attending to each other (no causal mask: the reference
 * used one while claiming not to; predictions are matched to sentences as a set) and to
 * the R region tokens, giving Z [B, Q, D], one predicted sentence prototype vector each.
 */
import * as A from '@prior/autograd';
import { type FactoryOptions, Module, ModuleList, Parameter, TransformerDecoderLayer, init } from '@prior/nn';
import type { Tensor } from '@prior/tensor';
import type { ReportDecoderConfig } from '../config/types.js';

export class ReportDecoder extends Module {
  /** [Q, D] learned queries. */
  readonly queries: Parameter;
  readonly layers: ModuleList<TransformerDecoderLayer>;

  constructor(
    readonly config: ReportDecoderConfig,
    embedDim: number,
    queryCount: number,
    opts: FactoryOptions = {},
  ) {
    super();
    this.queries = this.registerParameter('queries', new Parameter(init.normal([queryCount, embedDim], 0, 1, opts)));
    const layer = () => new TransformerDecoderLayer(embedDim, config.heads, { ...opts, dimFeedforward: config.ffn, dropout: config.dropout, batchFirst: true });
    this.layers = this.registerModule('layers', new ModuleList(Array.from({ length: config.layers }, layer)));
  }

  /** memory [B, R, D] region tokens → Z [B, Q, D]. */
  forward(memory: Tensor): Tensor {
    const [b] = memory.shape;
    const [q, d] = this.queries.shape;
    let z = A.expand(A.unsqueeze(this.queries.value, 0), [b, q, d]);
    for (const l of this.layers) z = l.forward(z, memory);
    return z;
  }
}
