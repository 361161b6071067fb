/**
 * A small model with PriorModel's training surface, for testing the loop quickly: the
 * image is projected by a linear layer, the report is a masked mean of token embeddings,
 * L_glob is the real CLIP loss with a learnable log inverse temperature, the local terms
 * are simple penalties, and the prototype term uses Gumbel noise from the step's
 * generator (so resuming must restore it). Dropout draws from the model's own generator.
 * `nanAt` poisons one term at one call, to test the NaN stop.
 */
import * as A from '@prior/autograd';
import { Dropout, Embedding, Linear, Module, Parameter } from '@prior/nn';
import { type Device, Generator, type Tensor, ones, rand, tensor } from '@prior/tensor';
import type { Image } from '@prior/datasets';
import { clipLoss } from '../../src/losses/clip.js';
import type { LossTerm } from '../../src/config/types.js';
import type { ForwardResult, ImageEncoding, PriorBatch, PriorTextBatch, ReportEncoding, StageSpec, TrainStepOptions } from '../../src/model/types.js';
import type { PretrainingRecord } from '../../src/data/record.js';
import type { Dataset } from '@prior/datasets';

export const SIDE = 8;
export const VOCAB = 32;
const D = 8;
const K = 4;

export class StandInModel extends Module {
  readonly image: Linear;
  readonly tokens: Embedding;
  readonly logitScale: Parameter;
  readonly localLogitScale: Parameter;
  readonly prototypes: Parameter;
  readonly dropout: Dropout;
  calls = 0;
  nanAt: { term: LossTerm; call: number } | null = null;

  constructor(
    readonly generator: Generator,
    device?: Device,
  ) {
    super();
    this.image = this.registerModule('image', new Linear(SIDE * SIDE, D, { generator, device }));
    this.tokens = this.registerModule('tokens', new Embedding(VOCAB, D, { generator, device }));
    this.logitScale = this.registerParameter('logitScale', new Parameter(tensor([Math.log(10)], { device })));
    this.localLogitScale = this.registerParameter('localLogitScale', new Parameter(tensor([Math.log(5)], { device })));
    this.prototypes = this.registerParameter('prototypes', new Parameter(A.mul(rand([K, D], { generator, device }), 0.5)));
    this.dropout = this.registerModule('dropout', new Dropout(0.1, { generator }));
  }

  parametersForStage(stage: StageSpec): Parameter[] {
    return this.parameters().filter((p) => stage.usePrototypes || p !== this.prototypes);
  }

  /** The usePrototypes of each encodeReport call, for tests of the held-out check. */
  readonly encodeCalls: (boolean | undefined)[] = [];

  encodeImage(images: Tensor): ImageEncoding {
    const [B] = images.shape;
    const g = A.l2Normalize(this.image.forward(A.reshape(images, [B, SIDE * SIDE])), -1);
    return { global: g, regions: A.unsqueeze(g, 1), featureMap: images };
  }

  encodeReport(batch: PriorTextBatch, opts: { usePrototypes?: boolean } = {}): ReportEncoding {
    this.encodeCalls.push(opts.usePrototypes);
    const mask = A.cast(batch.attentionMask, 'float32');
    const emb = this.tokens.forward(batch.inputIds);
    let txt = A.div(A.sum(A.mul(emb, A.unsqueeze(mask, -1)), 1), A.unsqueeze(A.sum(mask, 1), -1));
    if (opts.usePrototypes) txt = A.matmul(A.softmax(A.matmul(txt, A.transpose(this.prototypes.value, 0, 1)), -1), this.prototypes.value);
    const global = A.l2Normalize(txt, -1);
    // One "sentence" per report: the report vector itself.
    return { global, sentences: A.unsqueeze(global, 1), sentenceMask: ones([batch.inputIds.shape[0], 1], { device: batch.inputIds.backend }) };
  }

  async trainStep(batch: PriorBatch, stage: StageSpec, opts: TrainStepOptions = {}): Promise<ForwardResult> {
    this.calls++;
    const [B] = batch.images.shape;
    const img = this.dropout.forward(this.image.forward(A.reshape(batch.images, [B, SIDE * SIDE])));
    const mask = A.cast(batch.attentionMask, 'float32');
    const emb = this.tokens.forward(batch.inputIds);
    let txt = A.div(A.sum(A.mul(emb, A.unsqueeze(mask, -1)), 1), A.unsqueeze(A.sum(mask, 1), -1));
    const w = stage.lossWeights;
    const terms: Partial<Record<LossTerm, Tensor>> = {};
    if (stage.usePrototypes && w.proto > 0) {
      const u = rand([B, K], { generator: opts.generator, device: batch.images.backend });
      const gumbel = A.neg(A.log(A.neg(A.log(A.add(u, 1e-9)))));
      const p = A.softmax(A.add(A.matmul(txt, A.transpose(this.prototypes.value, 0, 1)), gumbel), -1);
      const rec = A.matmul(p, this.prototypes.value);
      terms.proto = A.mean(A.abs(A.sub(rec, txt)));
      txt = rec;
    }
    if (w.glob > 0) terms.glob = clipLoss(img, txt, this.logitScale.value);
    // The bank gets a gradient in every stage: only the stage's parameter list keeps it frozen in stage 1.
    if (w.locImg > 0) terms.locImg = A.add(A.mul(A.mean(A.square(img)), 0.01), A.mul(A.mean(A.square(this.prototypes.value)), 0.01));
    if (w.locTxt > 0) terms.locTxt = A.mul(A.mean(A.square(A.mul(txt, A.exp(this.localLogitScale.value)))), 0.001);
    if (this.nanAt && this.nanAt.call === this.calls) terms[this.nanAt.term] = A.mul(terms[this.nanAt.term]!, NaN);
    let total: Tensor | null = null;
    for (const [k, t] of Object.entries(terms) as [LossTerm, Tensor][]) {
      const wt = A.mul(t, w[k]);
      total = total ? A.add(total, wt) : wt;
    }
    const stats = stage.usePrototypes && opts.stats !== false ? { protoUsage: 1, protoPerplexity: 1 } : {};
    return { total: total!, terms, stats };
  }
}

/** n synthetic records: an 8×8 image and a report whose tokens depend on the image's class. */
export function standInDataset(n: number): Dataset<PretrainingRecord> {
  const seeded = new Generator(1234);
  const pixels = rand([n, SIDE * SIDE], { generator: seeded, device: 'cpu' });
  let host: Float32Array | null = null;
  return {
    length: n,
    async get(index) {
      host ??= (await pixels.data()) as Float32Array;
      const image: Image = { width: SIDE, height: SIDE, channels: 1, data: host.slice(index * SIDE * SIDE, (index + 1) * SIDE * SIDE) };
      const len = 3 + (index % 4);
      const ids = Int32Array.from({ length: len + 2 }, (_, i) => (i === 0 ? 2 : i === len + 1 ? 3 : 4 + ((index * 7 + i) % (VOCAB - 4))));
      const sentenceIndex = Int32Array.from({ length: len + 2 }, (_, i) => (i === 0 || i === len + 1 ? -1 : i <= 2 ? 0 : 1));
      return { image, ids, sentenceIndex, sentences: ['a', 'b'], studyId: String(index), dicomId: `d${index}` };
    },
  };
}
