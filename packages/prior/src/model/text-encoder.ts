/**
 * The text encoder (shared/PRIOR.md §1): a BERT encoder (HuggingFace's BertModel layout,
 * so Bio_ClinicalBERT's weights load into `bert`), every token state projected to D, and
 * one vector per sentence, the mean of its tokens' projected states.
 */
import * as A from '@prior/autograd';
import { BertModel, type FactoryOptions, Linear, Module } from '@prior/nn';
import { type Tensor, ShapeError } from '@prior/tensor';
import type { TextEncoderConfig } from '../config/types.js';
import { sentenceMeans } from './sentence-vectors.js';
import type { PriorTextBatch } from './types.js';

export interface TextFeatures {
  /** [B, L, D] projected token states. */
  tokens: Tensor;
  /** [B, S, D] sentence vectors, S = sentence slots (padding slots are 0). */
  sentences: Tensor;
}

/** Sentence slots of a batch: the largest count, at least 1 (so shapes never have a 0 axis). */
export function sentenceSlots(counts: readonly number[]): number {
  return Math.max(1, ...counts);
}

export class TextEncoder extends Module {
  readonly bert: BertModel;
  /** Token states hidden → D. */
  readonly tokenProj: Linear;

  constructor(
    readonly config: TextEncoderConfig,
    embedDim: number,
    opts: FactoryOptions = {},
  ) {
    super();
    this.bert = this.registerModule(
      'bert',
      new BertModel(
        {
          vocabSize: config.vocabSize,
          hiddenSize: config.hidden,
          numHiddenLayers: config.layers,
          numAttentionHeads: config.heads,
          intermediateSize: config.ffn,
          hiddenDropoutProb: config.dropout,
          attentionProbsDropoutProb: config.dropout,
          maxPositionEmbeddings: config.positions,
          // The pooler's CLS vector is unused by PRIOR; without it every parameter is trained.
          addPoolingLayer: false,
        },
        opts,
      ),
    );
    this.tokenProj = this.registerModule('token_proj', new Linear(config.hidden, embedDim, opts));
  }

  forward(batch: PriorTextBatch): TextFeatures {
    const { inputIds, attentionMask, sentenceIndex, sentenceCounts } = batch;
    const [b, l] = inputIds.shape;
    if (sentenceCounts.length !== b) throw new ShapeError(`TextEncoder: sentenceCounts must have one entry per report (${b}), got ${sentenceCounts.length}`);
    if (l > this.config.maxLen) throw new ShapeError(`TextEncoder: inputIds has ${l} tokens per report, more than textEncoder.maxLen ${this.config.maxLen}`);
    const h = this.bert.forward(inputIds, { attentionMask }).lastHiddenState;
    const tokens = this.tokenProj.forward(h);
    return { tokens, sentences: sentenceMeans(tokens, sentenceIndex, sentenceSlots(sentenceCounts)) };
  }
}
