/**
 * Text-only batches (reports, sentences, prompts) in the layout of the model's text half
 * (PriorTextBatch): tokenised texts padded to the batch's longest with the pad id,
 * attention mask 0 and sentence index −1. Pre-training's collation, the `prior` command's
 * inputs and the evaluation tasks all pad here, so a text reaches the encoder the same
 * way whichever of them made the batch.
 */
import { type BertTokenizer, splitSentences } from '@prior/datasets';
import { type Device, ShapeError, tensor } from '@prior/tensor';
import type { PriorTextBatch } from '../model/types.js';
import { type TokenizedReport, tokenizeReport } from './record.js';

/** A text given whole (split into sentences here) or already as sentences. */
export type TextInput = string | readonly string[];

/** A text's sentences: a string is split; one in which the splitter finds none stays whole. */
export function sentencesOf(text: TextInput): string[] {
  if (typeof text !== 'string') return [...text];
  const s = splitSentences(text);
  return s.length ? s : [text];
}

/** Tokenises texts as pre-training tokenises reports (tokenizeReport), each cut to `maxLength` tokens. */
export function tokenizeTexts(tokenizer: BertTokenizer, texts: readonly TextInput[], maxLength: number): TokenizedReport[] {
  return texts.map((t) => tokenizeReport(tokenizer, sentencesOf(t), maxLength));
}

/** Host arrays of a text batch; row b of every [B, L] array is text b. */
export interface HostTextBatch {
  /** [B, L]: L is the longest text's token count. */
  shape: [number, number];
  inputIds: Int32Array;
  attentionMask: Int32Array;
  sentenceIndex: Int32Array;
  sentenceCounts: number[];
}

/** What collation reads of a text: a TokenizedReport (or a PretrainingRecord, which is one). */
export type CollatableText = Pick<TokenizedReport, 'ids' | 'sentenceIndex' | 'sentences'>;

/**
 * Pads tokenised texts into one batch. Host arrays only, so it may run inside a
 * DataLoader's prefetch (see collate.ts). Each text's sentence indices must lie in
 * [−1, sentences.length), the model's contract for sentence pooling.
 */
export function collateText(texts: readonly CollatableText[], padId: number): HostTextBatch {
  const B = texts.length;
  if (B === 0) throw new ShapeError('collateText: no texts (expected at least one tokenised text)');
  if (!Number.isInteger(padId) || padId < 0) throw new RangeError(`collateText: padId must be a non-negative integer, got ${padId}`);
  texts.forEach((t, b) => checkText(t, b));
  const L = Math.max(...texts.map((t) => t.ids.length));
  const inputIds = new Int32Array(B * L).fill(padId);
  const attentionMask = new Int32Array(B * L);
  const sentenceIndex = new Int32Array(B * L).fill(-1);
  texts.forEach((t, b) => {
    inputIds.set(t.ids, b * L);
    attentionMask.fill(1, b * L, b * L + t.ids.length);
    sentenceIndex.set(t.sentenceIndex, b * L);
  });
  return { shape: [B, L], inputIds, attentionMask, sentenceIndex, sentenceCounts: texts.map((t) => t.sentences.length) };
}

function checkText(t: CollatableText, b: number): void {
  if (t.ids.length === 0) throw new ShapeError(`collateText: text ${b} has no tokens (expected at least [CLS] and [SEP])`);
  if (t.sentenceIndex.length !== t.ids.length) {
    throw new ShapeError(`collateText: text ${b} has ${t.ids.length} token ids but ${t.sentenceIndex.length} sentence indices (expected one per token)`);
  }
  const S = t.sentences.length;
  for (let j = 0; j < t.sentenceIndex.length; j++) {
    const s = t.sentenceIndex[j];
    if (s < -1 || s >= S) throw new RangeError(`collateText: text ${b}, token ${j} has sentence index ${s}, expected −1 or 0..${S - 1} (the text has ${S} sentences)`);
  }
}

/** The batch as tensors on `device` (default: the default backend); free them with disposePriorTextBatch. */
export function toPriorTextBatch(h: HostTextBatch, device?: Device): PriorTextBatch {
  const t = (a: Int32Array) => tensor(a, { shape: h.shape, dtype: 'int32', device });
  return { inputIds: t(h.inputIds), attentionMask: t(h.attentionMask), sentenceIndex: t(h.sentenceIndex), sentenceCounts: [...h.sentenceCounts] };
}

/** Frees a text batch's tensors. */
export function disposePriorTextBatch(batch: PriorTextBatch): void {
  for (const t of [batch.inputIds, batch.attentionMask, batch.sentenceIndex]) t.dispose();
}
