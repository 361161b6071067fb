/**
 * One call from a MIMIC-layout directory to a pre-training dataset: pairs of the chosen
 * splits, the tokenizer (the vocabulary cached beside the data, trained on the training
 * split), and the dataset.
 */
import type { BertTokenizer } from '@prior/datasets';
import type { PriorConfig } from '../config/types.js';
import { loadPretrainingPairs } from './pairs.js';
import { PretrainingDataset } from './pretraining-dataset.js';
import { loadOrTrainVocabulary } from './vocabulary.js';

export interface OpenOptions {
  config: PriorConfig;
  /** Splits of this dataset (default ['train']). */
  splits?: readonly string[];
  train?: boolean;
  /** Reuse a tokenizer (else the cached vocabulary of config.textEncoder.vocabSize). */
  tokenizer?: BertTokenizer;
}

export async function openPretrainingData(dir: string, o: OpenOptions): Promise<{ dataset: PretrainingDataset; tokenizer: BertTokenizer; tooShort: number }> {
  const { minSentences } = o.config.data;
  let tokenizer = o.tokenizer;
  if (!tokenizer) {
    const train = await loadPretrainingPairs(dir, { minSentences, splits: ['train'] });
    tokenizer = (await loadOrTrainVocabulary(dir, train.pairs, o.config.model.textEncoder.vocabSize)).tokenizer;
  }
  const { pairs, tooShort } = await loadPretrainingPairs(dir, { minSentences, splits: o.splits });
  return { dataset: new PretrainingDataset({ source: dir, pairs, tokenizer, config: o.config, train: o.train }), tokenizer, tooShort };
}
