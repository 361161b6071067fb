/**
 * The pre-training dataset over PRIOR pairs: record i is pair i with, for epoch e, one
 * frontal image chosen by (seed, e, study), its sentences shuffled by (seed, e, i), the
 * image augmented from the item's stream, and the report tokenised with sentence indices.
 */
import { type BertTokenizer, type Dataset, type FileSource, type ItemContext, type MimicPair, decodeImage, frontalImageForEpoch, seededRandom, toStore } from '@prior/datasets';
import type { PriorConfig } from '../config/types.js';
import { augmentImage } from './augment.js';
import { type PretrainingRecord, tokenizeReport } from './record.js';
import { shuffledSentences } from './sentence-order.js';

export interface PretrainingDatasetOptions {
  source: FileSource;
  pairs: readonly MimicPair[];
  tokenizer: BertTokenizer;
  config: PriorConfig;
  /** Seed of the frontal-image choice and the sentence order (default config.run.seed). */
  seed?: number;
  /** Random augmentation and sentence shuffling (default true); false gives evaluation records. */
  train?: boolean;
}

export class PretrainingDataset implements Dataset<PretrainingRecord> {
  readonly pairs: readonly MimicPair[];
  readonly seed: number;
  readonly train: boolean;
  readonly #store;

  constructor(readonly opts: PretrainingDatasetOptions) {
    this.pairs = opts.pairs;
    this.seed = opts.seed ?? opts.config.run.seed;
    this.train = opts.train ?? true;
    this.#store = toStore(opts.source);
  }

  get length(): number {
    return this.pairs.length;
  }

  /** The sentences of pair `index` as loaded in `epoch` (shuffled when training and configured so). */
  sentencesFor(index: number, epoch: number): string[] {
    const { sentences } = this.pairs[index];
    return this.train && this.opts.config.data.shuffleSentences ? shuffledSentences(sentences, this.seed, epoch, index) : [...sentences];
  }

  async get(index: number, ctx?: ItemContext): Promise<PretrainingRecord> {
    const epoch = ctx?.epoch ?? 0;
    const rand = ctx?.rand ?? seededRandom(this.seed, epoch, index);
    const pair = this.pairs[index];
    const { config } = this.opts;
    // Evaluation uses a fixed image: the first frontal one.
    const img = this.train ? frontalImageForEpoch(pair.study, epoch, this.seed) : pair.study.images[0];
    const bytes = await this.#store.read(img.path);
    const enc = config.model.imageEncoder;
    const image = augmentImage(decodeImage(bytes, { name: this.#store.describe(img.path) }), rand, {
      size: enc.imageSize,
      channels: enc.inChannels,
      augmentation: config.data.augmentation,
      train: this.train,
    });
    const report = tokenizeReport(this.opts.tokenizer, this.sentencesFor(index, epoch), config.model.textEncoder.maxLen);
    return { image, ...report, studyId: pair.study.studyId, dicomId: img.dicomId };
  }
}
