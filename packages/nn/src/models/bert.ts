/**
 * A BERT text encoder laid out exactly as HuggingFace's `BertModel`, so its state-dict
 * keys (`embeddings.word_embeddings.weight`, `encoder.layer.0.attention.self.query.weight`,
 * `pooler.dense.weight`, ...) match and converted checkpoints (e.g. Bio_ClinicalBERT,
 * after dropping the `bert.` prefix of BertForPreTraining) load directly. The
 * `embeddings.position_ids` / `token_type_ids` buffers are non-persistent: accepted
 * when a checkpoint has them, never required.
 */
import * as A from '@prior/autograd';
import * as T from '@prior/tensor';
import { DTypeError, type Generator, type Tensor, ShapeError } from '@prior/tensor';
import { normal, zeros } from '../init/init.js';
import type { FactoryOptions } from '../init/options.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { LayerNorm } from '../layers/layer-norm.js';
import { Linear } from '../layers/linear.js';
import { ModuleList } from '../module/containers.js';
import { Module } from '../module/module.js';

/** HuggingFace BertConfig's fields (camelCase), with bert-base defaults. */
export interface BertConfig {
  vocabSize: number;
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  intermediateSize: number;
  hiddenAct: 'gelu' | 'relu' | 'gelu_new';
  hiddenDropoutProb: number;
  attentionProbsDropoutProb: number;
  maxPositionEmbeddings: number;
  typeVocabSize: number;
  initializerRange: number;
  layerNormEps: number;
  padTokenId: number;
  addPoolingLayer: boolean;
}

export const bertBaseConfig: BertConfig = {
  vocabSize: 30522,
  hiddenSize: 768,
  numHiddenLayers: 12,
  numAttentionHeads: 12,
  intermediateSize: 3072,
  hiddenAct: 'gelu',
  hiddenDropoutProb: 0.1,
  attentionProbsDropoutProb: 0.1,
  maxPositionEmbeddings: 512,
  typeVocabSize: 2,
  initializerRange: 0.02,
  layerNormEps: 1e-12,
  padTokenId: 0,
  addPoolingLayer: true,
};

/** float32's most negative value: HuggingFace's additive mask for padding keys. */
const MASK_MIN = -3.4028234663852886e38;

export class BertEmbeddings extends Module {
  readonly wordEmbeddings: Embedding;
  readonly positionEmbeddings: Embedding;
  readonly tokenTypeEmbeddings: Embedding;
  readonly layerNorm: LayerNorm;
  readonly dropout: Dropout;

  constructor(c: BertConfig, opts: FactoryOptions) {
    super();
    this.wordEmbeddings = this.registerModule('word_embeddings', new Embedding(c.vocabSize, c.hiddenSize, { ...opts, paddingIdx: c.padTokenId }));
    this.positionEmbeddings = this.registerModule('position_embeddings', new Embedding(c.maxPositionEmbeddings, c.hiddenSize, opts));
    this.tokenTypeEmbeddings = this.registerModule('token_type_embeddings', new Embedding(c.typeVocabSize, c.hiddenSize, opts));
    this.layerNorm = this.registerModule('LayerNorm', new LayerNorm(c.hiddenSize, { ...opts, eps: c.layerNormEps }));
    this.dropout = this.registerModule('dropout', new Dropout(c.hiddenDropoutProb, { generator: opts.generator }));
    const ids = T.reshape(T.arange(0, c.maxPositionEmbeddings, 1, { dtype: 'int32', device: opts.device }), [1, c.maxPositionEmbeddings]);
    this.registerBuffer('position_ids', ids, { persistent: false });
    this.registerBuffer('token_type_ids', T.zeros([1, c.maxPositionEmbeddings], { dtype: 'int32', device: opts.device }), { persistent: false });
  }

  forward(inputIds: Tensor, tokenTypeIds: Tensor | null, positionIds: Tensor | null): Tensor {
    const l = inputIds.shape[1];
    let e = this.wordEmbeddings.forward(inputIds);
    if (tokenTypeIds) e = A.add(e, this.tokenTypeEmbeddings.forward(tokenTypeIds));
    else e = A.add(e, A.narrow(this.tokenTypeEmbeddings.weight.value, 0, 0, 1));
    // Default positions 0..L−1: a slice of the table (same gradient as a lookup).
    e = A.add(e, positionIds ? this.positionEmbeddings.forward(positionIds) : A.narrow(this.positionEmbeddings.weight.value, 0, 0, l));
    return this.dropout.forward(this.layerNorm.forward(e));
  }
}

export class BertSelfAttention extends Module {
  readonly headDim: number;
  readonly query: Linear;
  readonly key: Linear;
  readonly value: Linear;
  readonly dropout: Dropout;
  readonly generator?: Generator;

  constructor(
    readonly c: BertConfig,
    opts: FactoryOptions,
  ) {
    super();
    if (c.hiddenSize % c.numAttentionHeads !== 0) throw new ShapeError(`BertModel: hiddenSize ${c.hiddenSize} must be divisible by numAttentionHeads ${c.numAttentionHeads}`);
    this.headDim = c.hiddenSize / c.numAttentionHeads;
    this.query = this.registerModule('query', new Linear(c.hiddenSize, c.hiddenSize, opts));
    this.key = this.registerModule('key', new Linear(c.hiddenSize, c.hiddenSize, opts));
    this.value = this.registerModule('value', new Linear(c.hiddenSize, c.hiddenSize, opts));
    this.dropout = this.registerModule('dropout', new Dropout(c.attentionProbsDropoutProb, { generator: opts.generator }));
  }

  /** x [B, L, H]; mask additive [B, 1, 1, L] or null. */
  forward(x: Tensor, mask: Tensor | null): Tensor {
    const [b, l] = x.shape;
    const heads = (t: Tensor) => A.permute(A.reshape(t, [b, l, this.c.numAttentionHeads, this.headDim]), [0, 2, 1, 3]);
    const [q, k, v] = [heads(this.query.forward(x)), heads(this.key.forward(x)), heads(this.value.forward(x))];
    let ctx: Tensor;
    if (this.training && this.dropout.p > 0) {
      let s = A.mul(A.matmul(q, A.transpose(k, -1, -2)), 1 / Math.sqrt(this.headDim));
      if (mask) s = A.add(s, mask);
      ctx = A.matmul(this.dropout.forward(A.softmax(s, -1)), v);
    } else ctx = A.scaledDotProductAttention(q, k, v, { mask });
    return A.reshape(A.permute(ctx, [0, 2, 1, 3]), [b, l, this.c.hiddenSize]);
  }
}

/** dense → dropout → LayerNorm(· + residual): BertSelfOutput and BertOutput. */
export class BertResidualOutput extends Module {
  readonly dense: Linear;
  readonly layerNorm: LayerNorm;
  readonly dropout: Dropout;

  constructor(inFeatures: number, c: BertConfig, opts: FactoryOptions) {
    super();
    this.dense = this.registerModule('dense', new Linear(inFeatures, c.hiddenSize, opts));
    this.layerNorm = this.registerModule('LayerNorm', new LayerNorm(c.hiddenSize, { ...opts, eps: c.layerNormEps }));
    this.dropout = this.registerModule('dropout', new Dropout(c.hiddenDropoutProb, { generator: opts.generator }));
  }

  forward(h: Tensor, residual: Tensor): Tensor {
    return this.layerNorm.forward(A.add(this.dropout.forward(this.dense.forward(h)), residual));
  }
}

export class BertAttention extends Module {
  readonly self: BertSelfAttention;
  readonly output: BertResidualOutput;

  constructor(c: BertConfig, opts: FactoryOptions) {
    super();
    this.self = this.registerModule('self', new BertSelfAttention(c, opts));
    this.output = this.registerModule('output', new BertResidualOutput(c.hiddenSize, c, opts));
  }

  forward(x: Tensor, mask: Tensor | null): Tensor {
    return this.output.forward(this.self.forward(x, mask), x);
  }
}

function act(name: BertConfig['hiddenAct'], x: Tensor): Tensor {
  if (name === 'relu') return A.relu(x);
  if (name === 'gelu') return A.gelu(x);
  const inner = A.mul(A.add(x, A.mul(A.mul(A.square(x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return A.mul(A.mul(x, 0.5), A.add(A.tanh(inner), 1));
}

export class BertIntermediate extends Module {
  readonly dense: Linear;

  constructor(
    readonly c: BertConfig,
    opts: FactoryOptions,
  ) {
    super();
    this.dense = this.registerModule('dense', new Linear(c.hiddenSize, c.intermediateSize, opts));
  }

  forward(x: Tensor): Tensor {
    return act(this.c.hiddenAct, this.dense.forward(x));
  }
}

export class BertLayer extends Module {
  readonly attention: BertAttention;
  readonly intermediate: BertIntermediate;
  readonly output: BertResidualOutput;

  constructor(c: BertConfig, opts: FactoryOptions) {
    super();
    this.attention = this.registerModule('attention', new BertAttention(c, opts));
    this.intermediate = this.registerModule('intermediate', new BertIntermediate(c, opts));
    this.output = this.registerModule('output', new BertResidualOutput(c.intermediateSize, c, opts));
  }

  forward(x: Tensor, mask: Tensor | null): Tensor {
    const a = this.attention.forward(x, mask);
    return this.output.forward(this.intermediate.forward(a), a);
  }
}

export class BertEncoder extends Module {
  readonly layer: ModuleList<BertLayer>;

  constructor(c: BertConfig, opts: FactoryOptions) {
    super();
    this.layer = this.registerModule('layer', new ModuleList(Array.from({ length: c.numHiddenLayers }, () => new BertLayer(c, opts))));
  }

  forward(x: Tensor, mask: Tensor | null): Tensor {
    let h = x;
    for (const l of this.layer) h = l.forward(h, mask);
    return h;
  }
}

export class BertPooler extends Module {
  readonly dense: Linear;

  constructor(c: BertConfig, opts: FactoryOptions) {
    super();
    this.dense = this.registerModule('dense', new Linear(c.hiddenSize, c.hiddenSize, opts));
  }

  /** tanh(dense(h[:, 0])). */
  forward(h: Tensor): Tensor {
    return A.tanh(this.dense.forward(A.select(h, 1, 0)));
  }
}

export interface BertInputs {
  /** int32 [B, L]; defaults to zeros. */
  tokenTypeIds?: Tensor | null;
  /** [B, L], 1 (or true) = real token, 0 = padding. */
  attentionMask?: Tensor | null;
  /** int32 [B, L]; defaults to 0..L−1. */
  positionIds?: Tensor | null;
}

export interface BertOutputs {
  /** [B, L, hidden]. */
  lastHiddenState: Tensor;
  /** [B, hidden], or null without a pooling layer. */
  poolerOutput: Tensor | null;
}

export class BertModel extends Module {
  readonly config: BertConfig;
  readonly embeddings: BertEmbeddings;
  readonly encoder: BertEncoder;
  readonly pooler: BertPooler | null;

  constructor(config: Partial<BertConfig> = {}, opts: FactoryOptions = {}) {
    super();
    const c = (this.config = { ...bertBaseConfig, ...config });
    // Submodules are allocated without drawing; #initWeights draws once with HuggingFace's scheme.
    const alloc = { ...opts, skipInit: true };
    this.embeddings = this.registerModule('embeddings', new BertEmbeddings(c, alloc));
    this.encoder = this.registerModule('encoder', new BertEncoder(c, alloc));
    this.pooler = this.registerModule('pooler', c.addPoolingLayer ? new BertPooler(c, alloc) : null);
    if (!opts.skipInit) this.#initWeights(opts);
  }

  /** HuggingFace's _init_weights: N(0, initializerRange) for Linear and Embedding weights (padding row zero), zero biases. */
  #initWeights(opts: FactoryOptions): void {
    const std = this.config.initializerRange;
    this.apply((m) => {
      if (m instanceof Linear) {
        m.weight.assign(normal(m.weight.shape, 0, std, opts));
        m.bias?.assign(zeros(m.bias.shape, opts));
      } else if (m instanceof Embedding) {
        const w = normal(m.weight.shape, 0, std, opts);
        if (m.paddingIdx === null) m.weight.assign(w);
        else {
          const keepRow = T.reshape(T.ne(T.arange(0, w.shape[0], 1, { dtype: 'int32', device: w.backend }), m.paddingIdx), [w.shape[0], 1]);
          m.weight.assign(T.where(keepRow, w, 0));
          keepRow.dispose();
          w.dispose();
        }
      }
    });
  }

  forward(inputIds: Tensor, inputs: BertInputs = {}): BertOutputs {
    if (inputIds.dtype !== 'int32' || inputIds.rank !== 2) throw new DTypeError(`BertModel: inputIds must be int32 [B, L], got ${inputIds.dtype} [${inputIds.shape.join(', ')}]`);
    const [b, l] = inputIds.shape;
    if (l > this.config.maxPositionEmbeddings) throw new ShapeError(`BertModel: sequence length ${l} exceeds maxPositionEmbeddings ${this.config.maxPositionEmbeddings}`);
    const mask = inputs.attentionMask ? extendedMask(inputs.attentionMask, b, l, this.embeddings.layerNorm.weight?.dtype ?? 'float32') : null;
    const h = this.encoder.forward(this.embeddings.forward(inputIds, inputs.tokenTypeIds ?? null, inputs.positionIds ?? null), mask);
    mask?.dispose();
    return { lastHiddenState: h, poolerOutput: this.pooler ? this.pooler.forward(h) : null };
  }
}

/** (1 − mask)·min as [B, 1, 1, L]: padding keys get float32's most negative value. */
function extendedMask(mask: Tensor, b: number, l: number, dtype: 'float32' | 'float64' | string): Tensor {
  if (mask.rank !== 2 || mask.shape[0] !== b || mask.shape[1] !== l) throw new ShapeError(`BertModel: attentionMask must be [${b}, ${l}], got [${mask.shape.join(', ')}]`);
  return T.scope(() => T.reshape(T.mul(T.sub(1, T.cast(mask, dtype as 'float32')), MASK_MIN), [b, 1, 1, l]));
}
