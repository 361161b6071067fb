import { ConfigError } from '../../errors.js';
import { basicTokenize, type BasicOptions } from './basic.js';
import { loadVocab } from './vocab.js';
import { wordpiece } from './wordpiece.js';

export interface TokenizerOptions extends BasicOptions {
  unkToken?: string;
  clsToken?: string;
  sepToken?: string;
  padToken?: string;
  maskToken?: string;
  /** Longer words become the unknown token; default 100 as in BERT. */
  maxCharsPerWord?: number;
}

export interface EncodeOptions {
  /** Total length including [CLS] and [SEP]. */
  maxLength?: number;
  /** Cut content to fit `maxLength` (default true); false makes an overlong text an error. */
  truncation?: boolean;
  /** Pad with [PAD] to `maxLength` (default true when maxLength is given). */
  padding?: boolean;
  /** Add [CLS] ... [SEP]; default true. */
  addSpecialTokens?: boolean;
}

/** One encoded text. Arrays have `maxLength` entries when padded. */
export interface Encoding {
  tokens: string[];
  ids: Int32Array;
  /** 1 for real tokens (specials included), 0 for padding. */
  attentionMask: Int32Array;
  tokenTypeIds: Int32Array;
  /** Sentence of each token; -1 for [CLS], [SEP] and padding. */
  sentenceIndex: Int32Array;
  /** Number of sentences with at least one token left after truncation. */
  numSentences: number;
}

/** A BERT-compatible WordPiece tokenizer over a `vocab.txt` vocabulary. */
export class BertTokenizer {
  readonly vocab: ReadonlyMap<string, number>;
  readonly idToToken: string[];
  readonly opts: Required<Omit<TokenizerOptions, keyof BasicOptions>> & BasicOptions;
  readonly clsId: number;
  readonly sepId: number;
  readonly padId: number;
  readonly unkId: number;
  private readonly specials: string[];
  private readonly specialRe: RegExp | undefined;

  constructor(vocab: ReadonlyMap<string, number> | readonly string[], opts: TokenizerOptions = {}) {
    this.vocab = Array.isArray(vocab) ? new Map(vocab.map((t, i) => [t, i])) : (vocab as ReadonlyMap<string, number>);
    this.opts = {
      unkToken: '[UNK]', clsToken: '[CLS]', sepToken: '[SEP]', padToken: '[PAD]', maskToken: '[MASK]', maxCharsPerWord: 100,
      ...opts,
    };
    this.idToToken = [];
    for (const [t, i] of this.vocab) this.idToToken[i] = t;
    const id = (t: string) => {
      const v = this.vocab.get(t);
      if (v === undefined) throw new ConfigError(`BertTokenizer: special token ${t} is not in the vocabulary`);
      return v;
    };
    this.unkId = id(this.opts.unkToken);
    this.clsId = id(this.opts.clsToken);
    this.sepId = id(this.opts.sepToken);
    this.padId = id(this.opts.padToken);
    // Special tokens written literally in the text are kept whole (BERT's never_split).
    const o = this.opts;
    this.specials = [o.unkToken, o.clsToken, o.sepToken, o.padToken, o.maskToken].filter((t) => this.vocab.has(t));
    this.specialRe = this.specials.length
      ? new RegExp(`(${this.specials.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`)
      : undefined;
  }

  /** From the text of a `vocab.txt`. */
  static fromVocab(text: string, opts: TokenizerOptions = {}): BertTokenizer {
    return new BertTokenizer(loadVocab(text), opts);
  }

  /** Sub-word tokens of a text, without special tokens added. */
  tokenize(text: string): string[] {
    const out: string[] = [];
    const parts = this.specialRe ? text.split(this.specialRe) : [text];
    for (const part of parts) {
      if (this.specials.includes(part)) {
        out.push(part);
        continue;
      }
      for (const w of basicTokenize(part, this.opts)) {
        out.push(...wordpiece(w, this.vocab, this.opts.unkToken, this.opts.maxCharsPerWord));
      }
    }
    return out;
  }

  tokenId(token: string): number {
    return this.vocab.get(token) ?? this.unkId;
  }

  /** Encodes one text; every token gets sentence index 0. */
  encode(text: string, opts: EncodeOptions = {}): Encoding {
    return this.encodeSentences([text], opts);
  }

  /**
   * Encodes a report given as sentences: [CLS] s0 s1 ... [SEP], each token tagged with the
   * index of its sentence (PRIOR pools token states into sentence vectors with it).
   */
  encodeSentences(sentences: readonly string[], opts: EncodeOptions = {}): Encoding {
    const special = opts.addSpecialTokens ?? true;
    const max = opts.maxLength;
    if (max !== undefined && (!Number.isInteger(max) || max < (special ? 2 : 1))) {
      throw new ConfigError(`encode: maxLength must be an integer >= ${special ? 2 : 1}, got ${max}`);
    }
    const tokens: string[] = [];
    const sent: number[] = [];
    sentences.forEach((s, i) => {
      for (const t of this.tokenize(s)) {
        tokens.push(t);
        sent.push(i);
      }
    });
    const room = max === undefined ? Infinity : max - (special ? 2 : 0);
    if (tokens.length > room) {
      if (opts.truncation === false) {
        throw new ConfigError(`encode: ${tokens.length + (special ? 2 : 0)} tokens exceed maxLength ${max}`);
      }
      tokens.length = room;
      sent.length = room;
    }
    if (special) {
      tokens.unshift(this.opts.clsToken);
      sent.unshift(-1);
      tokens.push(this.opts.sepToken);
      sent.push(-1);
    }
    const real = tokens.length;
    const len = max !== undefined && (opts.padding ?? true) ? max : real;
    const ids = new Int32Array(len).fill(this.padId);
    const attentionMask = new Int32Array(len);
    const sentenceIndex = new Int32Array(len).fill(-1);
    for (let i = 0; i < real; i++) {
      ids[i] = this.tokenId(tokens[i]);
      attentionMask[i] = 1;
      sentenceIndex[i] = sent[i];
    }
    const numSentences = new Set(sent.filter((s) => s >= 0)).size;
    return { tokens, ids, attentionMask, tokenTypeIds: new Int32Array(len), sentenceIndex, numSentences };
  }

  /** Text from ids: sub-words rejoined, special tokens dropped unless asked for. */
  decode(ids: ArrayLike<number>, opts: { keepSpecial?: boolean } = {}): string {
    const words: string[] = [];
    for (const id of Array.from(ids)) {
      const t = this.idToToken[id] ?? this.opts.unkToken;
      if (!opts.keepSpecial && this.specials.includes(t) && t !== this.opts.unkToken) continue;
      if (t.startsWith('##') && words.length) words[words.length - 1] += t.slice(2);
      else words.push(t);
    }
    return words.join(' ').replace(/ ([.,!?;:)'\]])/g, '$1');
  }
}
