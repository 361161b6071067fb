/**
 * Texts (reports, sentences, prompts) → a `TextBatch` the encoders read: each text is a
 * list of sentences (a string is split with the datasets package's sentence splitter),
 * encoded with the per-token sentence index, cut to `maxLength` tokens, padded to the
 * longest in the batch. Sentences that lose every token to the cut are dropped and the
 * rest renumbered, so `sentenceCounts[b]` sentences of text b always have tokens.
 */
import { type BertTokenizer, splitSentences } from '@prior/datasets';
import { type Device, tensor } from '@prior/tensor';
import type { TextBatch } from '../../encoder.js';

export type TextInput = string | readonly string[];

export interface TextBatchOptions {
  /** Tokens per text including [CLS]/[SEP]; default 128. */
  maxLength?: number;
  device?: Device;
}

/** The sentences of a text input. */
export function sentencesOf(text: TextInput): string[] {
  if (typeof text !== 'string') return [...text];
  const s = splitSentences(text);
  return s.length ? s : [text];
}

export function textBatch(tokenizer: BertTokenizer, texts: readonly TextInput[], opts: TextBatchOptions = {}): TextBatch {
  if (texts.length === 0) throw new RangeError('textBatch: no texts');
  const maxLength = opts.maxLength ?? 128;
  const encoded = texts.map((t) => {
    const e = tokenizer.encodeSentences(sentencesOf(t), { maxLength, padding: false });
    const present = [...new Set(Array.from(e.sentenceIndex).filter((s) => s >= 0))].sort((a, b) => a - b);
    const rank = new Map(present.map((s, i) => [s, i]));
    return { ids: e.ids, sentenceIndex: Int32Array.from(e.sentenceIndex, (s) => (s < 0 ? -1 : rank.get(s)!)), count: present.length };
  });
  const b = texts.length;
  const l = Math.max(...encoded.map((e) => e.ids.length));
  const ids = new Int32Array(b * l).fill(tokenizer.padId);
  const mask = new Int32Array(b * l);
  const sent = new Int32Array(b * l).fill(-1);
  encoded.forEach((e, i) => {
    ids.set(e.ids, i * l);
    mask.fill(1, i * l, i * l + e.ids.length);
    sent.set(e.sentenceIndex, i * l);
  });
  const shape = [b, l];
  return {
    ids: tensor(ids, { shape, dtype: 'int32', device: opts.device }),
    attentionMask: tensor(mask, { shape, dtype: 'int32', device: opts.device }),
    sentenceIndex: tensor(sent, { shape, dtype: 'int32', device: opts.device }),
    sentenceCounts: encoded.map((e) => e.count),
    texts: texts.map((t) => (typeof t === 'string' ? t : t.join(' '))),
  };
}

/** Frees a batch's tensors. */
export function disposeTextBatch(batch: TextBatch): void {
  batch.ids.dispose();
  batch.attentionMask.dispose();
  batch.sentenceIndex?.dispose();
}
