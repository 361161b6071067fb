/**
 * CLIP's AttentionPool2d: the mean of the spatial tokens, prepended to them, with a
 * learned positional embedding, is the single query of a multi-head attention over all
 * tokens; c_proj maps the result. Keys: positional_embedding, k_proj, q_proj, v_proj, c_proj.
 */
import * as A from '@prior/autograd';
import { type Tensor, ShapeError } from '@prior/tensor';
import { normal } from '../init/init.js';
import type { FactoryOptions } from '../init/options.js';
import { Linear } from '../layers/linear.js';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';

export class AttentionPool2d extends Module {
  readonly positionalEmbedding: Parameter;
  readonly kProj: Linear;
  readonly qProj: Linear;
  readonly vProj: Linear;
  readonly cProj: Linear;
  readonly outputDim: number;

  /** spacialDim: side of the (square) feature map, as CLIP's argument. */
  constructor(
    readonly spacialDim: number,
    readonly embedDim: number,
    readonly numHeads: number,
    outputDim: number | null = null,
    opts: FactoryOptions = {},
  ) {
    super();
    if (embedDim % numHeads !== 0) throw new ShapeError(`AttentionPool2d: embedDim ${embedDim} must be divisible by numHeads ${numHeads}`);
    this.outputDim = outputDim ?? embedDim;
    this.positionalEmbedding = this.registerParameter(
      'positional_embedding',
      new Parameter(normal([spacialDim * spacialDim + 1, embedDim], 0, 1 / Math.sqrt(embedDim), opts)),
    );
    this.kProj = this.registerModule('k_proj', new Linear(embedDim, embedDim, opts));
    this.qProj = this.registerModule('q_proj', new Linear(embedDim, embedDim, opts));
    this.vProj = this.registerModule('v_proj', new Linear(embedDim, embedDim, opts));
    this.cProj = this.registerModule('c_proj', new Linear(embedDim, this.outputDim, opts));
  }

  /** x [N, embedDim, spacialDim, spacialDim] → [N, outputDim]. */
  forward(x: Tensor): Tensor {
    const s = this.spacialDim;
    if (x.rank !== 4 || x.shape[1] !== this.embedDim || x.shape[2] !== s || x.shape[3] !== s) {
      throw new ShapeError(`AttentionPool2d: input must be [N, ${this.embedDim}, ${s}, ${s}], got [${x.shape.join(', ')}]`);
    }
    const n = x.shape[0];
    const d = this.embedDim / this.numHeads;
    const tokens = A.transpose(A.flatten(x, 2), 1, 2); // [N, HW, C]
    const seq = A.add(A.cat([A.mean(tokens, 1, { keepdim: true }), tokens], 1), this.positionalEmbedding.value); // [N, HW+1, C]
    const heads = (t: Tensor, l: number) => A.permute(A.reshape(t, [n, l, this.numHeads, d]), [0, 2, 1, 3]);
    const q = heads(this.qProj.forward(A.narrow(seq, 1, 0, 1)), 1);
    const k = heads(this.kProj.forward(seq), s * s + 1);
    const v = heads(this.vProj.forward(seq), s * s + 1);
    const ctx = A.reshape(A.permute(A.scaledDotProductAttention(q, k, v), [0, 2, 1, 3]), [n, this.embedDim]);
    return this.cProj.forward(ctx);
  }
}
