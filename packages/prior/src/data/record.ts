/**
 * One pre-training pair after loading: the augmented image and the tokenised report,
 * its sentences in the order they were encoded (after shuffling), unpadded.
 */
import type { BertTokenizer, Image } from '@prior/datasets';

export interface PretrainingRecord {
  image: Image;
  /** Token ids, [CLS] … [SEP], unpadded (collation pads the batch to its longest). */
  ids: Int32Array;
  /** Sentence of each token, 0-based and dense, −1 for [CLS] and [SEP]. */
  sentenceIndex: Int32Array;
  /** The sentences that kept at least one token, in encoded order (sentence i has index i). */
  sentences: string[];
  studyId: string;
  dicomId: string;
}

export interface TokenizedReport {
  ids: Int32Array;
  sentenceIndex: Int32Array;
  sentences: string[];
}

/**
 * Encodes sentences with the per-token sentence index, cut to `maxLength` tokens. Sentences
 * that end up with no token (cut off, or nothing the tokenizer keeps) are dropped and the
 * remaining indices renumbered 0..S−1, so index i always names `sentences[i]`.
 */
export function tokenizeReport(tokenizer: BertTokenizer, sentences: readonly string[], maxLength: number): TokenizedReport {
  const enc = tokenizer.encodeSentences(sentences, { maxLength, padding: false });
  const present = [...new Set(Array.from(enc.sentenceIndex).filter((s) => s >= 0))].sort((x, y) => x - y);
  const rank = new Map(present.map((s, i) => [s, i]));
  const sentenceIndex = Int32Array.from(enc.sentenceIndex, (s) => (s < 0 ? -1 : rank.get(s)!));
  return { ids: enc.ids, sentenceIndex, sentences: present.map((s) => sentences[s]) };
}
