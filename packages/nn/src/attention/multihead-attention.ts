/**
 * torch.nn.MultiheadAttention: parameters in_proj_weight [3E, E] (or q/k/v_proj_weight
 * when kdim/vdim differ from E), in_proj_bias [3E], out_proj; xavier-uniform input
 * projections, zero biases. Masks follow PyTorch: bool true = may not attend.
 * Without weights requested (and without attention dropout) the fused
 * scaledDotProductAttention runs; otherwise the explicit softmax path.
 */
import * as A from '@prior/autograd';
import { type Generator, type Tensor, ShapeError } from '@prior/tensor';
import { constant, xavierUniform } from '../init/init.js';
import type { FactoryOptions } from '../init/options.js';
import { Linear, linear } from '../layers/linear.js';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';
import { type MaskParts, combineMasks } from './masks.js';

export interface MultiheadAttentionOptions extends FactoryOptions {
  /** Dropout on the attention weights in training (default 0). */
  dropout?: number;
  bias?: boolean;
  kdim?: number;
  vdim?: number;
  /** Inputs [B, L, E] (true) or [L, B, E] (false, PyTorch's default). */
  batchFirst?: boolean;
}

export interface AttentionCallOptions extends MaskParts {
  /** Return attention weights (default true, as PyTorch). */
  needWeights?: boolean;
  /** Average the weights over heads [B, L, S] (default) or keep them per head [B, H, L, S]. */
  averageAttnWeights?: boolean;
}

export interface AttentionResult {
  output: Tensor;
  weights: Tensor | null;
}

export class MultiheadAttention extends Module {
  readonly headDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly inProjWeight: Parameter | null;
  readonly qProjWeight: Parameter | null;
  readonly kProjWeight: Parameter | null;
  readonly vProjWeight: Parameter | null;
  readonly inProjBias: Parameter | null;
  readonly outProj: Linear;
  /** Source of attention-dropout masks. */
  generator?: Generator;

  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    opts: MultiheadAttentionOptions = {},
  ) {
    super();
    if (!Number.isInteger(numHeads) || numHeads < 1 || embedDim % numHeads !== 0) {
      throw new ShapeError(`MultiheadAttention: embedDim ${embedDim} must be divisible by numHeads ${numHeads}`);
    }
    this.headDim = embedDim / numHeads;
    this.kdim = opts.kdim ?? embedDim;
    this.vdim = opts.vdim ?? embedDim;
    this.dropout = opts.dropout ?? 0;
    this.batchFirst = opts.batchFirst ?? false;
    this.generator = opts.generator;
    const packed = this.kdim === embedDim && this.vdim === embedDim;
    const w = (rows: number, cols: number) => new Parameter(xavierUniform([rows, cols], 1, opts));
    if (packed) {
      this.inProjWeight = this.registerParameter('in_proj_weight', w(3 * embedDim, embedDim));
      this.qProjWeight = this.kProjWeight = this.vProjWeight = null;
    } else {
      this.qProjWeight = this.registerParameter('q_proj_weight', w(embedDim, embedDim));
      this.kProjWeight = this.registerParameter('k_proj_weight', w(embedDim, this.kdim));
      this.vProjWeight = this.registerParameter('v_proj_weight', w(embedDim, this.vdim));
      this.inProjWeight = null;
    }
    const bias = opts.bias ?? true;
    this.inProjBias = this.registerParameter('in_proj_bias', bias ? new Parameter(constant([3 * embedDim], 0, opts)) : null);
    this.outProj = this.registerModule('out_proj', new Linear(embedDim, embedDim, { ...opts, bias }));
    if (bias) this.outProj.bias?.assign(constant([embedDim], 0, opts));
  }

  /** query [B, L, E], key [B, S, kdim], value [B, S, vdim] (or sequence-first, or unbatched [L, E]). */
  forward(query: Tensor, key: Tensor, value: Tensor, opts: AttentionCallOptions = {}): AttentionResult {
    const unbatched = query.rank === 2;
    const lift = (t: Tensor) => (unbatched ? A.unsqueeze(t, 0) : this.batchFirst ? t : A.transpose(t, 0, 1));
    const [q0, k0, v0] = [lift(query), lift(key), lift(value)];
    for (const [name, t, d] of [['query', q0, this.embedDim], ['key', k0, this.kdim], ['value', v0, this.vdim]] as const) {
      if (t.rank !== 3 || t.shape[2] !== d) throw new ShapeError(`MultiheadAttention: ${name} must end in ${d} features (rank 3, or 2 unbatched), got [${t.shape.join(', ')}]`);
    }
    const [b, l] = q0.shape;
    const s = k0.shape[1];
    if (k0.shape[0] !== b || v0.shape[0] !== b || v0.shape[1] !== s) {
      throw new ShapeError(`MultiheadAttention: query [${query.shape}], key [${key.shape}] and value [${value.shape}] disagree on batch or source length`);
    }
    const [q, k, v] = this.#project(q0, k0, v0, query === key && key === value);
    const heads = (t: Tensor, n: number) => A.permute(A.reshape(t, [b, n, this.numHeads, this.headDim]), [0, 2, 1, 3]);
    const [qh, kh, vh] = [heads(q, l), heads(k, s), heads(v, s)];
    const keyPaddingMask = unbatched && opts.keyPaddingMask ? A.unsqueeze(opts.keyPaddingMask, 0) : opts.keyPaddingMask;
    const mask = combineMasks({ ...opts, keyPaddingMask }, b, this.numHeads, l, s, q.dtype, q);
    const needWeights = opts.needWeights ?? true;
    const drop = this.training && this.dropout > 0;
    let ctx: Tensor;
    let weights: Tensor | null = null;
    if (!needWeights && !drop) {
      ctx = A.scaledDotProductAttention(qh, kh, vh, { mask });
    } else {
      let scores = A.matmul(A.mul(qh, 1 / Math.sqrt(this.headDim)), A.transpose(kh, -1, -2));
      if (mask) scores = A.add(scores, mask);
      let p = A.softmax(scores, -1);
      if (drop) p = A.dropout(p, this.dropout, { generator: this.generator });
      ctx = A.matmul(p, vh);
      if (needWeights) weights = (opts.averageAttnWeights ?? true) ? A.mean(p, 1) : p;
    }
    mask?.dispose();
    let out = this.outProj.forward(A.reshape(A.permute(ctx, [0, 2, 1, 3]), [b, l, this.embedDim]));
    if (unbatched) {
      out = A.squeeze(out, 0);
      if (weights) weights = A.squeeze(weights, 0);
    } else if (!this.batchFirst) out = A.transpose(out, 0, 1);
    return { output: out, weights };
  }

  #project(q: Tensor, k: Tensor, v: Tensor, same: boolean): [Tensor, Tensor, Tensor] {
    const e = this.embedDim;
    const bias = this.inProjBias?.value ?? null;
    const part = (t: Tensor | null, i: number) => (t ? A.narrow(t, 0, i * e, e) : null);
    if (this.inProjWeight) {
      const w = this.inProjWeight.value;
      if (same) return A.chunk(linear(q, w, bias), 3, -1) as [Tensor, Tensor, Tensor];
      return [linear(q, part(w, 0) as Tensor, part(bias, 0)), linear(k, part(w, 1) as Tensor, part(bias, 1)), linear(v, part(w, 2) as Tensor, part(bias, 2))];
    }
    const ws = [this.qProjWeight, this.kProjWeight, this.vProjWeight] as Parameter[];
    return [linear(q, ws[0].value, part(bias, 0)), linear(k, ws[1].value, part(bias, 1)), linear(v, ws[2].value, part(bias, 2))];
  }
}
