/**
 * torch.nn.TransformerEncoderLayer / TransformerDecoderLayer (1.13 layout and names):
 * self-attention (decoder: then cross-attention over `memory`), a feed-forward block
 * linear2(dropout(act(linear1(x)))), residual connections, LayerNorm after each block
 * (post-norm, default) or before it (normFirst). No causal mask unless asked.
 */
import * as A from '@prior/autograd';
import type { Generator, Tensor } from '@prior/tensor';
import type { FactoryOptions } from '../init/options.js';
import { Dropout } from '../layers/dropout.js';
import { LayerNorm } from '../layers/layer-norm.js';
import { Linear } from '../layers/linear.js';
import { Module } from '../module/module.js';
import { MultiheadAttention } from './multihead-attention.js';

export type Activation = 'relu' | 'gelu' | ((x: Tensor) => Tensor);

export interface TransformerLayerOptions extends FactoryOptions {
  /** Feed-forward width (default 2048). */
  dimFeedforward?: number;
  /** Dropout in attention and after each block (default 0.1). */
  dropout?: number;
  activation?: Activation;
  layerNormEps?: number;
  /** [B, L, E] (true) or [L, B, E] (false, the default). */
  batchFirst?: boolean;
  /** Pre-norm (true) or post-norm (false, the default). */
  normFirst?: boolean;
}

const activate = (a: Activation, x: Tensor) => (a === 'relu' ? A.relu(x) : a === 'gelu' ? A.gelu(x) : a(x));

/** Shared pieces: the feed-forward block, the dropouts' generator. */
abstract class TransformerLayerBase extends Module {
  abstract readonly linear1: Linear;
  abstract readonly linear2: Linear;
  abstract readonly dropout: Dropout;
  readonly activation: Activation;
  readonly normFirst: boolean;
  readonly batchFirst: boolean;

  constructor(opts: TransformerLayerOptions) {
    super();
    this.activation = opts.activation ?? 'relu';
    this.normFirst = opts.normFirst ?? false;
    this.batchFirst = opts.batchFirst ?? false;
  }

  protected feedForward(x: Tensor): Tensor {
    return this.linear2.forward(this.dropout.forward(activate(this.activation, this.linear1.forward(x))));
  }
}

const dropoutOpts = (o: TransformerLayerOptions): { generator?: Generator } => ({ generator: o.generator });

export interface EncoderCallOptions {
  /** [L, L] or [B·H, L, L]; bool true = may not attend, or additive float. */
  srcMask?: Tensor | null;
  /** [B, L]; true = padding. */
  srcKeyPaddingMask?: Tensor | null;
  isCausal?: boolean;
}

export class TransformerEncoderLayer extends TransformerLayerBase {
  readonly selfAttn: MultiheadAttention;
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;

  constructor(
    readonly dModel: number,
    readonly nhead: number,
    opts: TransformerLayerOptions = {},
  ) {
    super(opts);
    const ff = opts.dimFeedforward ?? 2048;
    const p = opts.dropout ?? 0.1;
    const eps = opts.layerNormEps ?? 1e-5;
    this.selfAttn = this.registerModule('self_attn', new MultiheadAttention(dModel, nhead, { ...opts, dropout: p, batchFirst: this.batchFirst }));
    this.linear1 = this.registerModule('linear1', new Linear(dModel, ff, opts));
    this.dropout = this.registerModule('dropout', new Dropout(p, dropoutOpts(opts)));
    this.linear2 = this.registerModule('linear2', new Linear(ff, dModel, opts));
    this.norm1 = this.registerModule('norm1', new LayerNorm(dModel, { ...opts, eps }));
    this.norm2 = this.registerModule('norm2', new LayerNorm(dModel, { ...opts, eps }));
    this.dropout1 = this.registerModule('dropout1', new Dropout(p, dropoutOpts(opts)));
    this.dropout2 = this.registerModule('dropout2', new Dropout(p, dropoutOpts(opts)));
  }

  forward(src: Tensor, opts: EncoderCallOptions = {}): Tensor {
    const sa = (x: Tensor) =>
      this.dropout1.forward(
        this.selfAttn.forward(x, x, x, { attnMask: opts.srcMask, keyPaddingMask: opts.srcKeyPaddingMask, isCausal: opts.isCausal, needWeights: false }).output,
      );
    const ff = (x: Tensor) => this.dropout2.forward(this.feedForward(x));
    if (this.normFirst) {
      const x = A.add(src, sa(this.norm1.forward(src)));
      return A.add(x, ff(this.norm2.forward(x)));
    }
    const x = this.norm1.forward(A.add(src, sa(src)));
    return this.norm2.forward(A.add(x, ff(x)));
  }
}

export interface DecoderCallOptions {
  tgtMask?: Tensor | null;
  memoryMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null;
  tgtIsCausal?: boolean;
  memoryIsCausal?: boolean;
}

export class TransformerDecoderLayer extends TransformerLayerBase {
  readonly selfAttn: MultiheadAttention;
  readonly multiheadAttn: MultiheadAttention;
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly norm3: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  readonly dropout3: Dropout;

  constructor(
    readonly dModel: number,
    readonly nhead: number,
    opts: TransformerLayerOptions = {},
  ) {
    super(opts);
    const ff = opts.dimFeedforward ?? 2048;
    const p = opts.dropout ?? 0.1;
    const eps = opts.layerNormEps ?? 1e-5;
    const mha = () => new MultiheadAttention(dModel, nhead, { ...opts, dropout: p, batchFirst: this.batchFirst });
    this.selfAttn = this.registerModule('self_attn', mha());
    this.multiheadAttn = this.registerModule('multihead_attn', mha());
    this.linear1 = this.registerModule('linear1', new Linear(dModel, ff, opts));
    this.dropout = this.registerModule('dropout', new Dropout(p, dropoutOpts(opts)));
    this.linear2 = this.registerModule('linear2', new Linear(ff, dModel, opts));
    this.norm1 = this.registerModule('norm1', new LayerNorm(dModel, { ...opts, eps }));
    this.norm2 = this.registerModule('norm2', new LayerNorm(dModel, { ...opts, eps }));
    this.norm3 = this.registerModule('norm3', new LayerNorm(dModel, { ...opts, eps }));
    this.dropout1 = this.registerModule('dropout1', new Dropout(p, dropoutOpts(opts)));
    this.dropout2 = this.registerModule('dropout2', new Dropout(p, dropoutOpts(opts)));
    this.dropout3 = this.registerModule('dropout3', new Dropout(p, dropoutOpts(opts)));
  }

  /** tgt [B, L, E] attends to itself, then to memory [B, S, E] (sequence-first unless batchFirst). */
  forward(tgt: Tensor, memory: Tensor, opts: DecoderCallOptions = {}): Tensor {
    const sa = (x: Tensor) =>
      this.dropout1.forward(
        this.selfAttn.forward(x, x, x, { attnMask: opts.tgtMask, keyPaddingMask: opts.tgtKeyPaddingMask, isCausal: opts.tgtIsCausal, needWeights: false }).output,
      );
    const ca = (x: Tensor) =>
      this.dropout2.forward(
        this.multiheadAttn.forward(x, memory, memory, {
          attnMask: opts.memoryMask,
          keyPaddingMask: opts.memoryKeyPaddingMask,
          isCausal: opts.memoryIsCausal,
          needWeights: false,
        }).output,
      );
    const ff = (x: Tensor) => this.dropout3.forward(this.feedForward(x));
    if (this.normFirst) {
      let x = A.add(tgt, sa(this.norm1.forward(tgt)));
      x = A.add(x, ca(this.norm2.forward(x)));
      return A.add(x, ff(this.norm3.forward(x)));
    }
    let x = this.norm1.forward(A.add(tgt, sa(tgt)));
    x = this.norm2.forward(A.add(x, ca(x)));
    return this.norm3.forward(A.add(x, ff(x)));
  }
}
