// The WordPiece tokenizer against an independent implementation (Hugging Face
// tokenizers.js, configured as a BERT tokenizer over the same vocab.txt): same tokens
// and ids on every test sentence, for uncased, cased and lower-case-keep-accents setups.
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { BertTokenizer, trainWordPiece, type BasicOptions } from '../../src/text/index.js';
import { TEST_SENTENCES, TRAIN_CORPUS } from './corpus.js';

function hfBert(vocab: string[], o: BasicOptions): Tokenizer {
  const id = (t: string) => vocab.indexOf(t);
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((t) => ({
      id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: {
      type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true,
      strip_accents: o.stripAccents ?? null, lowercase: o.lowercase ?? true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
  return new Tokenizer(json, { tokenizer_class: 'BertTokenizer', do_lower_case: o.lowercase ?? true });
}

const SETUPS: [string, BasicOptions][] = [
  ['uncased', {}],
  ['cased', { lowercase: false }],
  ['lower-case, keep accents', { lowercase: true, stripAccents: false }],
];

describe.each(SETUPS)('WordPiece matches tokenizers.js (%s)', (_, opts) => {
  // A small trained vocabulary (many sub-word splits and [UNK]s) and a large one.
  for (const size of [120, 600]) {
    const vocab = trainWordPiece(TRAIN_CORPUS, { vocabSize: size, ...opts });
    const ours = new BertTokenizer(vocab, opts);
    const ref = hfBert(vocab, opts);
    it(`vocab of ${vocab.length}: same tokens and ids on ${TEST_SENTENCES.length} sentences`, () => {
      let unknown = 0;
      let pieces = 0;
      for (const s of TEST_SENTENCES) {
        const want = ref.encode(s);
        const got = ours.encode(s);
        expect({ s, tokens: got.tokens }).toEqual({ s, tokens: want.tokens });
        expect(Array.from(got.ids)).toEqual(want.ids);
        expect(Array.from(got.attentionMask)).toEqual(want.attention_mask);
        unknown += got.tokens.filter((t) => t === '[UNK]').length;
        pieces += got.tokens.filter((t) => t.startsWith('##')).length;
      }
      // The corpus exercises both rules it is meant to.
      expect(unknown).toBeGreaterThan(3);
      expect(pieces).toBeGreaterThan(20);
    });
  }
});
