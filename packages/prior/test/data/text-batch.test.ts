import { describe, expect, it } from 'vitest';
import { BertTokenizer } from '@prior/datasets';
import { collateText, disposePriorTextBatch, sentencesOf, toPriorTextBatch, tokenizeTexts } from '../../src/data/text-batch.js';

// A word-level vocabulary: one id per word, so expected ids can be written by hand.
const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'no', 'effusion', '.', 'heart', 'is', 'normal'];
const tok = new BertTokenizer(VOCAB);
const id = (w: string) => VOCAB.indexOf(w);
const [PAD, CLS, SEP] = [id('[PAD]'), id('[CLS]'), id('[SEP]')];
const row = (a: Int32Array, b: number, L: number) => Array.from(a.subarray(b * L, (b + 1) * L));

describe('text batches', () => {
  it('pads tokenised texts to the longest, with mask 0 and sentence −1 on padding', () => {
    const h = collateText(tokenizeTexts(tok, ['No effusion. Heart is normal.', 'Normal heart.'], 32), tok.padId);
    expect(h.shape).toEqual([2, 9]);
    expect(row(h.inputIds, 0, 9)).toEqual([CLS, ...['no', 'effusion', '.', 'heart', 'is', 'normal', '.'].map(id), SEP]);
    expect(row(h.inputIds, 1, 9)).toEqual([CLS, id('normal'), id('heart'), id('.'), SEP, PAD, PAD, PAD, PAD]);
    expect(row(h.attentionMask, 0, 9)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(row(h.attentionMask, 1, 9)).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(row(h.sentenceIndex, 0, 9)).toEqual([-1, 0, 0, 0, 1, 1, 1, 1, -1]);
    expect(row(h.sentenceIndex, 1, 9)).toEqual([-1, 0, 0, 0, -1, -1, -1, -1, -1]);
    expect(h.sentenceCounts).toEqual([2, 1]);
  });

  it('takes a text as a string or as its sentences, and drops sentences the length cut empties', () => {
    expect(sentencesOf('No effusion. Heart is normal.')).toEqual(['No effusion.', 'Heart is normal.']);
    const [a] = tokenizeTexts(tok, ['No effusion. Heart is normal.'], 32);
    const [b] = tokenizeTexts(tok, [['No effusion.', 'Heart is normal.']], 32);
    expect(Array.from(b.ids)).toEqual(Array.from(a.ids));
    const [cut] = tokenizeTexts(tok, ['No effusion. Heart is normal.'], 5);
    expect(Array.from(cut.ids)).toEqual([CLS, id('no'), id('effusion'), id('.'), SEP]);
    expect(cut.sentences).toEqual(['No effusion.']);
    expect(collateText([cut], tok.padId).sentenceCounts).toEqual([1]);
  });

  it('makes int32 [B, L] tensors of the host arrays', async () => {
    const h = collateText(tokenizeTexts(tok, ['Heart is normal.', 'No effusion.'], 32), tok.padId);
    const t = toPriorTextBatch(h, 'cpu');
    for (const [x, host] of [[t.inputIds, h.inputIds], [t.attentionMask, h.attentionMask], [t.sentenceIndex, h.sentenceIndex]] as const) {
      expect(x.shape).toEqual([2, 6]);
      expect(x.dtype).toBe('int32');
      expect(Array.from(await x.data())).toEqual(Array.from(host));
    }
    expect(t.sentenceCounts).toEqual([1, 1]);
    disposePriorTextBatch(t);
    expect([t.inputIds, t.attentionMask, t.sentenceIndex].every((x) => x.isDisposed)).toBe(true);
  });

  it('rejects bad input, naming the text and what was expected', () => {
    const ok = { ids: Int32Array.of(CLS, id('no'), SEP), sentenceIndex: Int32Array.of(-1, 0, -1), sentences: ['no'] };
    expect(() => collateText([], PAD)).toThrow(/no texts/);
    expect(() => collateText([ok], -1)).toThrow(/padId must be a non-negative integer, got -1/);
    expect(() => collateText([ok, { ...ok, ids: new Int32Array(0), sentenceIndex: new Int32Array(0) }], PAD)).toThrow(/text 1 has no tokens/);
    expect(() => collateText([{ ...ok, sentenceIndex: Int32Array.of(-1, 0) }], PAD)).toThrow(/text 0 has 3 token ids but 2 sentence indices/);
    expect(() => collateText([ok, { ...ok, sentenceIndex: Int32Array.of(-1, 1, -1) }], PAD)).toThrow(/text 1, token 1 has sentence index 1, expected −1 or 0\.\.0/);
  });
});
