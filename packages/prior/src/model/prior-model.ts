/**
 * The PRIOR model (shared/PRIOR.md): the image and text encoders, global alignment with
 * a learnable temperature, the local alignment module, the sentence prototype bank and
 * cross-modality conditional reconstruction (image decoder, report decoder with
 * Hungarian matching), assembled for staged training and for inference.
 *
 * Ablation switches remove modules, not just loss terms: without LAM there are no LAM
 * parameters (and no image decoder, which needs its report context), without the bank
 * no prototypes (and no report decoder, whose targets are prototype vectors).
 * The prototype bank's Gumbel noise is drawn in trainStep only while the model is in
 * training mode; the encode* methods always use the deterministic softmax. Dropout and
 * batch normalisation follow train()/eval() as usual.
 */
import * as A from '@prior/autograd';
import { type FactoryOptions, Module, Parameter, init } from '@prior/nn';
import { ShapeError, type Tensor } from '@prior/tensor';
import { effectiveLossWeights, outputStride, usesPrototypes } from '../config/derived.js';
import { parseConfig } from '../config/spec.js';
import type { LossTerm, PriorConfig } from '../config/types.js';
import { sentenceMask } from '../losses/checks.js';
import { clipLoss } from '../losses/clip.js';
import { gpaLoss } from '../losses/gpa.js';
import { imageReconstructionLoss } from '../losses/image-reconstruction.js';
import { klLoss } from '../losses/prototype-kl.js';
import { prototypeLoss } from '../losses/prototypes.js';
import { matchSentences } from '../losses/sentence-matching.js';
import { spgLoss } from '../losses/spg.js';
import { maskTokens } from '../masking.js';
import { prototypeUsage } from '../metrics/prototype-usage.js';
import { ImageDecoder } from './image-decoder.js';
import { ImageEncoder, tokensToMap } from './image-encoder.js';
import { LocalAlignment } from './local-alignment.js';
import { ModelError } from './model-error.js';
import { PrototypeBank } from './prototype-bank.js';
import { ReportDecoder } from './report-decoder.js';
import { SentenceAttentionPool } from './sentence-pool.js';
import { TextEncoder } from './text-encoder.js';
import type {
  ForwardResult,
  ForwardStats,
  ImageEncoding,
  PriorBatch,
  PriorModelApi,
  PriorModelOptions,
  PriorTextBatch,
  ReportEncoding,
  StageSpec,
  TrainStepOptions,
} from './types.js';

export interface EncodeTextOptions {
  /**
   * Pass sentence vectors through the prototype bank (deterministic softmax) before
   * pooling, as training does from stage 2 on. Default: whenever the model has a bank;
   * set false for a model trained only through stage 1.
   */
  usePrototypes?: boolean;
}

export class PriorModel extends Module implements PriorModelApi {
  readonly config: PriorConfig;
  readonly imageEncoder: ImageEncoder;
  readonly textEncoder: TextEncoder;
  /** Attention pooling of sentence vectors into the report vector. */
  readonly sentencePool: SentenceAttentionPool;
  readonly logitScale: Parameter;
  readonly lam: LocalAlignment | null;
  readonly bank: PrototypeBank | null;
  readonly imageDecoder: ImageDecoder | null;
  readonly reportDecoder: ReportDecoder | null;

  constructor(config: PriorConfig, opts: PriorModelOptions = {}) {
    super();
    const c = (this.config = parseConfig(config));
    const m = c.model;
    const f: FactoryOptions = { device: opts.device, generator: opts.generator };
    const d = m.embedDim;
    const ab = m.ablation;
    this.imageEncoder = this.registerModule('image_encoder', new ImageEncoder(m.imageEncoder, d, f, m.globalNorm === 'batchnorm'));
    this.textEncoder = this.registerModule('text_encoder', new TextEncoder(m.textEncoder, d, f));
    this.sentencePool = this.registerModule('sentence_pool', new SentenceAttentionPool(d, m.sentencePoolHeads, f, m.globalNorm === 'batchnorm'));
    this.logitScale = this.registerParameter('logit_scale', new Parameter(init.constant([1], Math.log(1 / m.globalTemperature), f)));
    this.lam = this.registerModule('lam', ab.localAlignment ? new LocalAlignment(d, m.localTemperature, f) : null);
    this.bank = this.registerModule('prototype_bank', ab.prototypes ? new PrototypeBank(m.prototypes, d, m.gumbelTau, f) : null);
    this.imageDecoder = this.registerModule('image_decoder', ab.imageReconstruction && ab.localAlignment ? new ImageDecoder(d, m.imageEncoder.inChannels, f, outputStride(m.imageEncoder)) : null);
    this.reportDecoder = this.registerModule('report_decoder', ab.reportReconstruction && ab.prototypes ? new ReportDecoder(m.reportDecoder, d, m.queries, f) : null);
  }

  /** Learnable log inverse temperature of the intra-report InfoNCE (null without LAM). */
  get localLogitScale(): Parameter | null {
    return this.lam?.logitScale ?? null;
  }

  async trainStep(batch: PriorBatch, stage: StageSpec, opts: TrainStepOptions = {}): Promise<ForwardResult> {
    checkBatch(batch, this.config.model.imageEncoder.inChannels);
    const w = effectiveLossWeights(this.config, stage);
    const on = (t: LossTerm) => w[t] > 0;
    const gen = opts.generator;
    const counts = batch.sentenceCounts;
    const terms: Partial<Record<LossTerm, Tensor>> = {};
    const stats: ForwardStats = {};

    const img = this.imageEncoder.forward(batch.images);
    const txt = this.textEncoder.forward(batch);
    const bank = usesPrototypes(this.config, stage) ? this.#bank() : null;
    const noise = this.training;
    const spb = bank?.forward(txt.sentences, counts, noise, gen) ?? null;
    // From stage 2 on, x̂ replaces x in the pooling and in LAM.
    const sentences = spb ? spb.quantized : txt.sentences;
    if (spb && on('proto')) terms.proto = prototypeLoss(spb.realQuantized, spb.realInputs);
    const reportGlobal = this.sentencePool.forward(sentences, counts);
    if (on('glob')) terms.glob = clipLoss(img.global, reportGlobal, this.logitScale.value);

    if (this.lam && (on('locImg') || on('locTxt') || on('recImg'))) {
      const lam = this.lam.forward(img.regions, sentences, counts);
      if (on('locImg')) terms.locImg = this.lam.imageLoss(img.regions, lam.imageContext);
      if (on('locTxt')) terms.locTxt = this.lam.textLoss(lam.textContext, sentences, counts);
      if (on('recImg') && this.imageDecoder) {
        const side = this.imageEncoder.side;
        const masked = maskTokens(img.regions, this.config.model.masking, gen).tokens;
        const recon = this.imageDecoder.forward(tokensToMap(masked, side, side), tokensToMap(lam.imageContext, side, side));
        terms.recImg = imageReconstructionLoss(recon, batch.images);
      }
    }

    if (spb && bank && this.reportDecoder && (on('spg') || on('kl') || on('gpa'))) {
      const q = this.config.model.queries;
      const slots = Math.min(sentences.shape[1], q);
      const kept = counts.map((n) => Math.min(n, q));
      // Targets: the prototype vectors of each report's first Q real sentences.
      const targets = A.narrow(spb.quantized, 1, 0, slots);
      const z = this.reportDecoder.forward(img.regions);
      const matching = await matchSentences(z, targets, kept);
      if (matching.report.length > 0) {
        if (on('spg')) terms.spg = spgLoss(z, targets, matching);
        if (on('kl')) terms.kl = klLoss(z, A.narrow(txt.sentences, 1, 0, slots), bank.prototypes.value, matching);
        if (on('gpa')) {
          const pool = (s: Tensor, c: readonly number[]) => this.sentencePool.forward(bank.forward(s, c, noise, gen).quantized, c);
          terms.gpa = gpaLoss(z, matching, reportGlobal, this.logitScale.value, pool);
        }
      }
    }

    if (spb && opts.stats !== false) {
      const u = await prototypeUsage(spb.probs);
      stats.protoUsage = u.used;
      stats.protoPerplexity = u.perplexity;
    }
    const weighted = (Object.keys(terms) as LossTerm[]).map((t) => A.mul(terms[t] as Tensor, w[t]));
    if (weighted.length === 0) throw new ModelError('trainStep: the stage has no active loss term (every weight is 0 or its module is switched off)');
    return { total: weighted.reduce((a, b) => A.add(a, b)), terms, stats };
  }

  /**
   * The parameters a stage trains: the encoders, the report pooling and the global
   * temperature always (the region projection only when some term uses region tokens); the LAM parts its active terms use; the prototype bank from the
   * stage that uses prototypes (never in stage 1); each decoder only while its terms
   * are weighted (stage 3). Exactly the parameters trainStep's total reaches.
   */
  parametersForStage(stage: StageSpec): Parameter[] {
    const w = effectiveLossWeights(this.config, stage);
    // Region tokens feed LAM and both decoders; a global-only stage leaves their projection alone.
    const regionsUsed = [w.locImg, w.locTxt, w.recImg, w.spg, w.kl, w.gpa].some((x) => x > 0);
    const image = this.imageEncoder.parameters().filter((p) => regionsUsed || !this.imageEncoder.regionProj.parameters().includes(p));
    const ps: Parameter[] = [...image, ...this.textEncoder.parameters(), ...this.sentencePool.parameters(), this.logitScale];
    if (this.lam) ps.push(...this.lam.parametersFor({ imageLoss: w.locImg > 0, textLoss: w.locTxt > 0, imageContext: w.recImg > 0 && this.imageDecoder !== null }));
    if (this.bank && usesPrototypes(this.config, stage)) ps.push(...this.bank.parameters());
    if (this.imageDecoder && w.recImg > 0) ps.push(...this.imageDecoder.parameters());
    if (this.reportDecoder && (w.spg > 0 || w.kl > 0 || w.gpa > 0)) ps.push(...this.reportDecoder.parameters());
    return ps;
  }

  encodeImage(images: Tensor): ImageEncoding {
    const f = this.imageEncoder.forward(images);
    return { global: A.l2Normalize(f.global, -1), regions: f.regions, featureMap: f.featureMap };
  }

  encodeReport(batch: PriorTextBatch, opts: EncodeTextOptions = {}): ReportEncoding {
    const sentences = this.#sentences(batch, opts);
    return {
      global: A.l2Normalize(this.sentencePool.forward(sentences, batch.sentenceCounts), -1),
      sentences,
      sentenceMask: sentenceMask(batch.sentenceCounts, sentences.shape[1], sentences),
    };
  }

  /** [B, D] normalised global vectors of prompts (each a one-sentence report). */
  encodePrompt(batch: PriorTextBatch, opts: EncodeTextOptions = {}): Tensor {
    return this.encodeReport(batch, opts).global;
  }

  /** exp(logitScale) · â b̂ᵀ: [Bi, Bt] scaled cosine logits (inputs are normalised here too). */
  similarity(imageGlobal: Tensor, textGlobal: Tensor): Tensor {
    const cos = A.matmul(A.l2Normalize(imageGlobal, -1), A.transpose(A.l2Normalize(textGlobal, -1), 0, 1));
    return A.mul(cos, A.exp(A.reshape(this.logitScale.value, [])));
  }

  /**
   * A_t [B, S, R]: the sigmoid attention of each sentence of text b on each region of
   * image b (padding sentences 0). Region r is map position (⌊r / w⌋, r mod w).
   */
  localAttention(images: Tensor, texts: PriorTextBatch, opts: EncodeTextOptions = {}): Tensor {
    if (!this.lam) throw new ModelError('localAttention: the model was built with model.ablation.localAlignment = false (no LAM)');
    const regions = this.imageEncoder.forward(images).regions;
    return this.lam.forward(regions, this.#sentences(texts, opts), texts.sentenceCounts).textAttention;
  }

  /** Sentence vectors for inference: through the bank's deterministic softmax by default. */
  #sentences(batch: PriorTextBatch, opts: EncodeTextOptions): Tensor {
    const x = this.textEncoder.forward(batch).sentences;
    const through = opts.usePrototypes ?? this.bank !== null;
    if (!through) return x;
    return this.#bank().forward(x, batch.sentenceCounts, false).quantized;
  }

  #bank(): PrototypeBank {
    if (!this.bank) throw new ModelError('the model was built with model.ablation.prototypes = false (no prototype bank)');
    return this.bank;
  }
}

/** The batch's fields agree on B (and L); errors name the field. */
function checkBatch(b: PriorBatch, channels: number): void {
  const n = b.inputIds.shape[0];
  const l = b.inputIds.shape[1];
  const bad = (field: string, want: string, got: readonly number[] | number) =>
    new ShapeError(`PriorModel.trainStep: batch.${field} must be ${want}, got ${Array.isArray(got) ? `[${got.join(', ')}]` : got}`);
  if (b.images.rank !== 4 || b.images.shape[0] !== n || b.images.shape[1] !== channels) throw bad('images', `[${n}, ${channels}, H, W]`, b.images.shape);
  if (b.attentionMask.rank !== 2 || b.attentionMask.shape[0] !== n || b.attentionMask.shape[1] !== l) throw bad('attentionMask', `[${n}, ${l}]`, b.attentionMask.shape);
  if (b.sentenceIndex.rank !== 2 || b.sentenceIndex.shape[0] !== n || b.sentenceIndex.shape[1] !== l) throw bad('sentenceIndex', `[${n}, ${l}]`, b.sentenceIndex.shape);
  if (b.sentenceCounts.length !== n) throw bad('sentenceCounts', `${n} entries`, b.sentenceCounts.length);
}
