/**
 * Texts (reports, sentences, prompts) → a `TextBatch` the encoders read. Tokenising and
 * padding are @prior/prior's (tokenizeTexts, collateText), so evaluation feeds an encoder
 * its texts exactly as pre-training did: a string is split into sentences, each text is
 * cut to `maxLength` tokens, sentences that lose every token to the cut are dropped and the
 * rest renumbered (so `sentenceCounts[b]` sentences of text b always have tokens), and the
 * batch is padded to its longest text.
 */
import type { BertTokenizer } from '@prior/datasets';
import { type TextInput, collateText, toPriorTextBatch, tokenizeTexts } from '@prior/prior';
import type { Device } from '@prior/tensor';
import type { TextBatch } from '../../encoder.js';

export { sentencesOf, type TextInput } from '@prior/prior';

export interface TextBatchOptions {
  /** Tokens per text including [CLS]/[SEP]; default 128. */
  maxLength?: number;
  device?: Device;
}

export function textBatch(tokenizer: BertTokenizer, texts: readonly TextInput[], opts: TextBatchOptions = {}): TextBatch {
  if (texts.length === 0) throw new RangeError('textBatch: no texts');
  const host = collateText(tokenizeTexts(tokenizer, texts, opts.maxLength ?? 128), tokenizer.padId);
  const t = toPriorTextBatch(host, opts.device);
  return {
    ids: t.inputIds,
    attentionMask: t.attentionMask,
    sentenceIndex: t.sentenceIndex,
    sentenceCounts: t.sentenceCounts,
    texts: texts.map((x) => (typeof x === 'string' ? x : x.join(' '))),
  };
}

/** Frees a batch's tensors. */
export function disposeTextBatch(batch: TextBatch): void {
  batch.ids.dispose();
  batch.attentionMask.dispose();
  batch.sentenceIndex?.dispose();
}
