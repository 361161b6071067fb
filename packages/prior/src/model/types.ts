/**
 * The contract between the PRIOR model (src/model) and its users (the pre-training loop
 * in src/train, the downstream protocols): what a batch holds, what a stage asks of the
 * model, and what a training forward returns.
 */
import type { Device, Generator, Tensor } from '@prior/tensor';
import type { Parameter } from '@prior/nn';
import type { LossTerm, PriorConfig, StageConfig } from '../config/types.js';

/** The text half of a batch (reports, or prompts). */
export interface PriorTextBatch {
  /** [B, L] int32 token ids (CLS … SEP, padded). */
  inputIds: Tensor;
  /** [B, L] int32 (or bool): 1 for real tokens, 0 for padding. */
  attentionMask: Tensor;
  /**
   * [B, L] int32: the index of the sentence each token belongs to (0-based, in the
   * order of the report), −1 for CLS, SEP and padding. Sentence indices of report b
   * must lie in [0, sentenceCounts[b]).
   */
  sentenceIndex: Tensor;
  /** Real sentences per report (host side); the sentence axis has max(sentenceCounts) slots. */
  sentenceCounts: number[];
}

/** One training batch of image–report pairs: row b of every field is pair b. */
export interface PriorBatch extends PriorTextBatch {
  /** [B, C, H, W] float32, normalised (C = config.model.imageEncoder.inChannels). */
  images: Tensor;
}

/** What a stage asks of the model: a StageConfig satisfies it. */
export type StageSpec = Pick<StageConfig, 'usePrototypes' | 'lossWeights'>;

export interface ForwardStats {
  /** Distinct prototypes that are some real sentence's most likely one (stages that use the bank). */
  protoUsage?: number;
  /** exp(entropy) of the batch's mean prototype assignment: K when use is uniform, 1 when collapsed. */
  protoPerplexity?: number;
}

export interface ForwardResult {
  /** Σ weight · term over the active terms (scalar, on the tape: call backward on it). */
  total: Tensor;
  /** Each active term (keys: LossTerm, see LOSS_TERMS), unweighted, as a scalar tensor (terms with weight 0 or switched off are absent). */
  terms: Partial<Record<LossTerm, Tensor>>;
  stats: ForwardStats;
}

export interface TrainStepOptions {
  /** Source of Gumbel noise and reconstruction masks (the default generator when absent). */
  generator?: Generator;
  /** Compute `stats` (reads the prototype assignments back: one extra sync). Default true. */
  stats?: boolean;
}

export interface ImageEncoding {
  /** [B, D] L2-normalised global image vectors. */
  global: Tensor;
  /** [B, R, D] projected region tokens, row-major over the final map (region r = (r / w | 0, r % w)). */
  regions: Tensor;
  /** [B, C, h, w] the backbone's final feature map. */
  featureMap: Tensor;
}

export interface ReportEncoding {
  /** [B, D] L2-normalised global report vectors. */
  global: Tensor;
  /** [B, S, D] sentence vectors (through the prototype bank when the model has one), S = max count. */
  sentences: Tensor;
  /** [B, S] float: 1 for real sentences, 0 for padding slots. */
  sentenceMask: Tensor;
}

export interface PriorModelOptions {
  device?: Device;
  /** Source of the initial weights and of dropout masks. */
  generator?: Generator;
}

/** The public surface of PriorModel (src/model/prior-model.ts implements it). */
export interface PriorModelApi {
  readonly config: PriorConfig;
  /** Learnable log inverse temperature of the global InfoNCE (exp(value) = 1/τ). */
  readonly logitScale: Parameter;
  /** Learnable log inverse temperature of the intra-report InfoNCE (null without LAM). */
  readonly localLogitScale: Parameter | null;
  trainStep(batch: PriorBatch, stage: StageSpec, opts?: TrainStepOptions): Promise<ForwardResult>;
  parametersForStage(stage: StageSpec): Parameter[];
  encodeImage(images: Tensor): ImageEncoding;
  encodeReport(batch: PriorTextBatch, opts?: { usePrototypes?: boolean }): ReportEncoding;
  encodePrompt(batch: PriorTextBatch): Tensor;
  similarity(imageGlobal: Tensor, textGlobal: Tensor): Tensor;
  localAttention(images: Tensor, texts: PriorTextBatch): Tensor;
}
