/**
 * The configuration of the whole PRIOR method (shared/PRIOR.md): model sizes, ablation
 * switches, masking, the staged training schedule, data and run cadence. Plain JSON
 * data, so it can be stored beside a checkpoint and loaded back.
 */

/** ResNet depths with torchvision's block layouts (10 = one BasicBlock per stage). */
export type ResNetDepth = 10 | 18 | 34 | 50 | 101 | 152;

export interface ImageEncoderConfig {
  depth: ResNetDepth;
  /** Channels of the first stage (64 in torchvision's ResNets); each later stage doubles it. */
  width: number;
  /** 1 for radiographs (the reference sums the RGB stem's weights to one channel). */
  inChannels: number;
  /** Square input side in pixels; a multiple of 32 (the ResNet's total stride). */
  imageSize: number;
  /** Heads of the CLIP-style attention pooling over the final feature map. */
  poolHeads: number;
  /**
   * Input pixels per final-map cell: 32 (default, torchvision's ResNet), or 16 / 8, where
   * the last one or two stages keep their input's resolution (stride 1, no dilation).
   * R = (imageSize / outputStride)²: the paper's 7×7 at 224 px and 32; at 64 px, 2×2 at 32,
   * 4×4 at 16 (the tiny preset) and 8×8 at 8.
   */
  outputStride?: OutputStride;
}

export type OutputStride = 8 | 16 | 32;

export interface TextEncoderConfig {
  layers: number;
  hidden: number;
  heads: number;
  /** Width of the feed-forward layer. */
  ffn: number;
  /** At least the tokenizer's vocabulary size. */
  vocabSize: number;
  /** Longest token sequence a report is cut to. */
  maxLen: number;
  /** Rows of the position-embedding table (512 in BERT checkpoints); at least maxLen. */
  positions: number;
  dropout: number;
}

/** The non-autoregressive report decoder of cross-modality conditional reconstruction. */
export interface ReportDecoderConfig {
  layers: number;
  heads: number;
  ffn: number;
  dropout: number;
}

/** Turn parts of the method off to train ablations with the same code. */
export interface AblationConfig {
  /** Local alignment module (L_loc_img, L_loc_txt). */
  localAlignment: boolean;
  /** Sentence prototype bank (L_proto; prototypes replace sentence vectors). */
  prototypes: boolean;
  /** Image reconstruction from masked region tokens + report context (L_rec_img). Needs localAlignment. */
  imageReconstruction: boolean;
  /** Report prototype reconstruction (L_spg, L_kl, L_gpa). Needs prototypes. */
  reportReconstruction: boolean;
}

export interface MaskingConfig {
  /** 'channel': zero whole feature channels (the reference's Dropout2d); 'region': zero whole region tokens. */
  mode: 'channel' | 'region';
  /** Fraction masked (0.5 in the reference). */
  p: number;
}

export type GlobalNorm = 'none' | 'batchnorm';

export interface ModelConfig {
  imageEncoder: ImageEncoderConfig;
  textEncoder: TextEncoderConfig;
  /** D: width of the joint embedding space. */
  embedDim: number;
  /** K: prototypes in the sentence prototype bank. */
  prototypes: number;
  /** Q: learned queries of the report decoder (also the most sentences a report keeps for it). */
  queries: number;
  /** Heads of the attention pooling of sentence vectors into the report vector. */
  sentencePoolHeads: number;
  reportDecoder: ReportDecoderConfig;
  /** Gumbel-softmax temperature of the prototype bank (0.9). */
  gumbelTau: number;
  /** Initial temperature of the global InfoNCE (learnable log-scale starts at log(1/τ)). */
  globalTemperature: number;
  /**
   * Normalisation of both global vectors before the global InfoNCE: 'none' (the paper,
   * whose encoders start pre-trained) or 'batchnorm' (a non-affine BatchNorm1d on the image
   * and the report vector, running statistics at evaluation). From scratch, the shared
   * component of randomly initialised report vectors (mean cosine 0.98 on SynthCXR) lets
   * the global space collapse to one direction; removing the batch mean prevents that.
   */
  globalNorm: GlobalNorm;
  /** Initial temperature of the intra-report sentence InfoNCE. */
  localTemperature: number;
  ablation: AblationConfig;
  masking: MaskingConfig;
}

export const LOSS_TERMS = ['glob', 'locImg', 'locTxt', 'proto', 'recImg', 'spg', 'kl', 'gpa'] as const;
/** glob = L_glob, locImg/locTxt = LAM, proto = L_proto, recImg = L_rec_img, spg/kl/gpa = report reconstruction. */
export type LossTerm = (typeof LOSS_TERMS)[number];
export type LossWeights = Record<LossTerm, number>;

export interface StageConfig {
  name: string;
  /** Length in epochs; give exactly one of epochs and steps. */
  epochs?: number;
  /** Length in optimiser steps. */
  steps?: number;
  /** Prototype vectors replace sentence vectors in pooling and LAM (stage 2 on). */
  usePrototypes: boolean;
  /** Weight of each loss term; 0 leaves the term uncomputed. */
  lossWeights: LossWeights;
  /** Learning rate at the end of warm-up. */
  peakLr: number;
  /** Learning rate at the first step of warm-up. */
  warmupStartLr: number;
  /** Learning rate the cosine decay ends at. */
  finalLr: number;
  /** Warm-up length, in the stage's own unit (epochs or steps; fractions of epochs allowed). */
  warmup: number;
  /** AdamW weight decay. */
  weightDecay: number;
  /** Largest global L2 norm of the gradients; 0 turns clipping off. */
  gradClip: number;
}

export interface AugmentationConfig {
  /** Random affine rotation range, ± degrees. */
  rotationDegrees: number;
  horizontalFlipP: number;
  /** Intensity normalisation after the transforms. */
  mean: number;
  std: number;
}

export interface DataConfig {
  batchSize: number;
  /** Studies with fewer sentences are dropped (4 in the paper). */
  minSentences: number;
  /** Shuffle a report's sentences every time it is loaded (reports are sets of statements). */
  shuffleSentences: boolean;
  augmentation: AugmentationConfig;
}

export interface RunConfig {
  seed: number;
  /** Write a checkpoint every N optimiser steps (0: only at stage boundaries). */
  checkpointEverySteps: number;
  /** Checkpoints kept on disk (older ones are deleted). */
  keepCheckpoints: number;
  /** Write a metrics line every N steps. */
  metricsEverySteps: number;
}

export interface PriorConfig {
  model: ModelConfig;
  stages: StageConfig[];
  data: DataConfig;
  run: RunConfig;
}

/** Every field optional, recursively; arrays may be replaced, or patched by index with an object. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? U[] | { [index: number]: DeepPartial<U> | null }
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | null }
    : T;
