/**
 * The local alignment module (LAM, shared/PRIOR.md §2.2): single-head sigmoid
 * cross-attention both ways between region tokens I [B, R, D] and sentence vectors
 * T [B, S, D], each direction with its own query/key/value projections (as the
 * reference's query1/key1/value1 and query2/key2/value2); the SimSiam predictor of the
 * image side (D → D/2 → D, ReLU); and the learnable log inverse temperature of the
 * intra-report sentence InfoNCE (initialised to log(1 / localTemperature) = log 100).
 */
import * as A from '@prior/autograd';
import { type FactoryOptions, Linear, Module, Parameter, init } from '@prior/nn';
import type { Tensor } from '@prior/tensor';
import { type LocalAttention, localCrossAttention } from '../losses/local-attention.js';
import { sentenceInfoNCE } from '../losses/sentence-infonce.js';
import { simsiamLoss } from '../losses/simsiam.js';

/** P: the SimSiam predictor, D → D/2 → D with a ReLU between. */
export class Predictor extends Module {
  readonly fc1: Linear;
  readonly fc2: Linear;

  constructor(embedDim: number, opts: FactoryOptions = {}) {
    super();
    const hidden = Math.max(1, Math.floor(embedDim / 2));
    this.fc1 = this.registerModule('fc1', new Linear(embedDim, hidden, opts));
    this.fc2 = this.registerModule('fc2', new Linear(hidden, embedDim, opts));
  }

  forward(x: Tensor): Tensor {
    return this.fc2.forward(A.relu(this.fc1.forward(x)));
  }
}

export class LocalAlignment extends Module {
  // Sentences query regions (A_t, C_T).
  readonly textQuery: Linear;
  readonly imageKey: Linear;
  readonly imageValue: Linear;
  // Regions query sentences (A_i, C_I).
  readonly imageQuery: Linear;
  readonly textKey: Linear;
  readonly textValue: Linear;
  readonly predictor: Predictor;
  /** log(1/τ_loc), learnable. */
  readonly logitScale: Parameter;

  constructor(embedDim: number, localTemperature: number, opts: FactoryOptions = {}) {
    super();
    const lin = (name: string) => this.registerModule(name, new Linear(embedDim, embedDim, opts));
    this.textQuery = lin('text_query');
    this.imageKey = lin('image_key');
    this.imageValue = lin('image_value');
    this.imageQuery = lin('image_query');
    this.textKey = lin('text_key');
    this.textValue = lin('text_value');
    this.predictor = this.registerModule('predictor', new Predictor(embedDim, opts));
    this.logitScale = this.registerParameter('logit_scale', new Parameter(init.constant([1], Math.log(1 / localTemperature), opts)));
  }

  /** Attention maps and contexts; padded sentence slots (beyond counts[b]) take no part. */
  forward(regions: Tensor, sentences: Tensor, counts: readonly number[]): LocalAttention {
    return localCrossAttention(
      {
        textQuery: this.textQuery.forward(sentences),
        textKey: this.textKey.forward(sentences),
        textValue: this.textValue.forward(sentences),
        imageQuery: this.imageQuery.forward(regions),
        imageKey: this.imageKey.forward(regions),
        imageValue: this.imageValue.forward(regions),
      },
      counts,
    );
  }

  /**
   * The parameters that the given losses reach: the sentence→region direction (and τ_loc)
   * for L_loc_txt, the region→sentence direction for L_loc_img and for image
   * reconstruction (through C_I), the predictor for L_loc_img.
   */
  parametersFor(use: { imageLoss: boolean; textLoss: boolean; imageContext: boolean }): Parameter[] {
    const mods: Module[] = [];
    if (use.textLoss) mods.push(this.textQuery, this.imageKey, this.imageValue);
    if (use.imageLoss || use.imageContext) mods.push(this.imageQuery, this.textKey, this.textValue);
    if (use.imageLoss) mods.push(this.predictor);
    const ps = mods.flatMap((m) => m.parameters());
    return use.textLoss ? [...ps, this.logitScale] : ps;
  }

  /** L_loc_img: SimSiam between region tokens and their report context, stop-gradient on each target. */
  imageLoss(regions: Tensor, imageContext: Tensor): Tensor {
    return simsiamLoss(regions, imageContext, (x) => this.predictor.forward(x));
  }

  /** L_loc_txt: each sentence's image context against the report's sentences. */
  textLoss(textContext: Tensor, sentences: Tensor, counts: readonly number[]): Tensor {
    return sentenceInfoNCE(textContext, sentences, this.logitScale.value, counts);
  }
}
