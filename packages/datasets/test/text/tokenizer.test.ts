import { describe, expect, it } from 'vitest';
import { BertTokenizer, basicTokenize, loadVocab, trainWordPiece, vocabToText, wordpiece } from '../../src/text/index.js';
import { TRAIN_CORPUS } from './corpus.js';

// A vocab.txt in BERT's layout: [PAD]=0, [UNK]=100, [CLS]=101, [SEP]=102, [MASK]=103.
const tokens = ['[PAD]', ...Array.from({ length: 99 }, (_, i) => `[unused${i}]`), '[UNK]', '[CLS]', '[SEP]', '[MASK]',
  '.', ',', 'no', 'pleural', 'effusion', 'heart', 'is', 'normal', 'size', 'pneumo', '##thorax', '##th', 'lung', '##s', 'clear', 'the', 'a'];
const vocabTxt = vocabToText(tokens);
const tok = BertTokenizer.fromVocab(vocabTxt);
const id = (t: string) => tokens.indexOf(t);

describe('BertTokenizer', () => {
  it('loads vocab.txt with line numbers as ids', () => {
    const v = loadVocab(vocabTxt);
    expect(v.get('[UNK]')).toBe(100);
    expect(v.get('##thorax')).toBe(id('##thorax'));
    expect(loadVocab('a\r\nb\r\n').get('b')).toBe(1);
    expect(() => loadVocab('', 'empty/vocab.txt')).toThrow(/empty\/vocab.txt: vocabulary is empty/);
    expect(() => new BertTokenizer(['a', 'b'])).toThrow(/special token \[UNK\] is not in the vocabulary/);
  });
  it('greedy longest match with ## and whole-word [UNK]', () => {
    expect(tok.tokenize('No pneumothorax. Lungs clear')).toEqual(['no', 'pneumo', '##thorax', '.', 'lung', '##s', 'clear']);
    expect(tok.tokenize('pneumoxyz')).toEqual(['[UNK]']);
    const v = new Map(tokens.map((t, i) => [t, i]));
    expect(wordpiece('pneumoth', v, '[UNK]')).toEqual(['pneumo', '##th']);
    expect(wordpiece('a'.repeat(5), v, '[UNK]', 4)).toEqual(['[UNK]']);
  });
  it('basic tokenisation splits punctuation, CJK and strips accents', () => {
    expect(basicTokenize('Épanchement (2.5cm)!肺炎')).toEqual(['epanchement', '(', '2', '.', '5cm', ')', '!', '肺', '炎']);
    expect(basicTokenize('Épanchement', { lowercase: false })).toEqual(['Épanchement']);
  });
  it('pads and truncates to maxLength with masks', () => {
    const e = tok.encode('No pleural effusion.', { maxLength: 8 });
    expect(e.tokens).toEqual(['[CLS]', 'no', 'pleural', 'effusion', '.', '[SEP]']);
    expect(Array.from(e.ids)).toEqual([101, id('no'), id('pleural'), id('effusion'), id('.'), 102, 0, 0]);
    expect(Array.from(e.attentionMask)).toEqual([1, 1, 1, 1, 1, 1, 0, 0]);
    const t = tok.encode('No pleural effusion.', { maxLength: 4 });
    expect(t.tokens).toEqual(['[CLS]', 'no', 'pleural', '[SEP]']);
    expect(() => tok.encode('No pleural effusion.', { maxLength: 4, truncation: false })).toThrow(/6 tokens exceed maxLength 4/);
    expect(tok.encode('no', { maxLength: 5, padding: false }).ids.length).toBe(3);
    expect(() => tok.encode('x', { maxLength: 1 })).toThrow(/maxLength must be an integer >= 2/);
  });
  it('tags each token with its sentence (-1 for specials and padding)', () => {
    const e = tok.encodeSentences(['No effusion.', 'Heart size is normal.', '', 'Lungs clear.'], { maxLength: 16 });
    expect(Array.from(e.sentenceIndex)).toEqual([-1, 0, 0, 0, 1, 1, 1, 1, 1, 3, 3, 3, 3, -1, -1, -1]);
    expect(e.numSentences).toBe(3);
    const cut = tok.encodeSentences(['No effusion.', 'Heart size is normal.', 'Lungs clear.'], { maxLength: 6 });
    expect(Array.from(cut.sentenceIndex)).toEqual([-1, 0, 0, 0, 1, -1]);
    expect(cut.numSentences).toBe(2);
  });
  it('decode rejoins sub-words', () => {
    expect(tok.decode(tok.encode('No pneumothorax. Lungs clear').ids)).toBe('no pneumothorax. lungs clear');
  });
});

describe('trainWordPiece', () => {
  it('starts with specials and the alphabet, then merges; deterministic', () => {
    const v = trainWordPiece(TRAIN_CORPUS, { vocabSize: 300, minFrequency: 1 });
    expect(v.slice(0, 5)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    expect(v).toHaveLength(300);
    expect(new Set(v).size).toBe(300);
    expect(trainWordPiece(TRAIN_CORPUS, { vocabSize: 300, minFrequency: 1 })).toEqual(v);
    // With the default minimum frequency of 2, merging stops when no pair repeats.
    expect(trainWordPiece(TRAIN_CORPUS, { vocabSize: 300 }).length).toBeLessThan(300);
    expect(trainWordPiece(TRAIN_CORPUS, { vocabSize: 300 })).toContain('pneumothorax');
  });
  it('never produces [UNK] for training text and shortens it as the vocabulary grows', () => {
    let prev = Infinity;
    for (const size of [100, 200, 400]) {
      const t = new BertTokenizer(trainWordPiece(TRAIN_CORPUS, { vocabSize: size }));
      const n = TRAIN_CORPUS.reduce((s, x) => {
        const toks = t.tokenize(x);
        expect(toks).not.toContain('[UNK]');
        return s + toks.length;
      }, 0);
      expect(n).toBeLessThan(prev);
      prev = n;
    }
  });
  it('stops when nothing is left to merge, and rejects sizes below the alphabet', () => {
    const v = trainWordPiece(['ab ab ab'], { vocabSize: 1000, minFrequency: 1 });
    expect(v.slice(5)).toEqual(['##b', 'a', 'ab']);
    expect(() => trainWordPiece(TRAIN_CORPUS, { vocabSize: 10 })).toThrow(/smaller than the \d+ special tokens and characters/);
  });
});
