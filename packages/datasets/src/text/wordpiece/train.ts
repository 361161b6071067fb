import { ConfigError } from '../../errors.js';
import { basicTokenize, type BasicOptions } from './basic.js';

export interface TrainOptions extends BasicOptions {
  /** Target size including special tokens and the alphabet. */
  vocabSize: number;
  /** Pairs seen fewer times than this are never merged; default 2. */
  minFrequency?: number;
  /** Placed first, in this order; default [PAD], [UNK], [CLS], [SEP], [MASK]. */
  specialTokens?: string[];
}

/**
 * Trains a WordPiece vocabulary (the likelihood criterion of Schuster & Nakajima, as
 * used to build BERT's): words come from BERT's basic tokenisation; every word starts
 * as characters, the first plain and the rest "##"-prefixed, and all of them form the
 * alphabet. Then, repeatedly, the adjacent pair (a, b) with the highest
 *     score = count(ab) / (count(a) * count(b))
 * is merged into one symbol and added to the vocabulary, until `vocabSize` is reached
 * or no pair occurs `minFrequency` times. Dividing by the parts' counts prefers pairs
 * whose parts rarely occur apart over merely frequent pairs. Ties go to the more
 * frequent pair, then to the first in code-unit order, so the result is deterministic.
 * Every character of the corpus is in the alphabet, so no training word becomes [UNK].
 */
export function trainWordPiece(corpus: Iterable<string>, opts: TrainOptions): string[] {
  const specials = opts.specialTokens ?? ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const minFreq = opts.minFrequency ?? 2;
  const wordCount = new Map<string, number>();
  for (const text of corpus) for (const w of basicTokenize(text, opts)) wordCount.set(w, (wordCount.get(w) ?? 0) + 1);

  const words: string[][] = [];
  const freqs: number[] = [];
  for (const [w, n] of wordCount) {
    words.push(Array.from(w, (c, i) => (i === 0 ? c : `##${c}`)));
    freqs.push(n);
  }
  const vocab: string[] = [...specials];
  const inVocab = new Set(vocab);
  const add = (t: string) => {
    if (!inVocab.has(t)) {
      inVocab.add(t);
      vocab.push(t);
    }
  };
  const alphabet = new Set<string>();
  for (const w of words) for (const s of w) alphabet.add(s);
  for (const s of [...alphabet].sort()) add(s);
  if (vocab.length > opts.vocabSize) {
    throw new ConfigError(`trainWordPiece: vocabSize ${opts.vocabSize} is smaller than the ${vocab.length} special tokens and characters`);
  }

  const symCount = new Map<string, number>();
  const pairCount = new Map<string, number>();
  const pairWords = new Map<string, Set<number>>();
  const SEP = '\u0000'; // cannot occur in a word: basic tokenisation removes NUL
  const account = (wi: number, sign: 1 | -1) => {
    const w = words[wi];
    const f = freqs[wi] * sign;
    for (let i = 0; i < w.length; i++) {
      symCount.set(w[i], (symCount.get(w[i]) ?? 0) + f);
      if (i + 1 < w.length) {
        const k = w[i] + SEP + w[i + 1];
        pairCount.set(k, (pairCount.get(k) ?? 0) + f);
        if (sign > 0) {
          let set = pairWords.get(k);
          if (!set) pairWords.set(k, (set = new Set()));
          set.add(wi);
        }
      }
    }
  };
  words.forEach((_, i) => account(i, 1));

  while (vocab.length < opts.vocabSize) {
    let best: string | undefined;
    let bestScore = -1;
    let bestCount = 0;
    for (const [k, n] of pairCount) {
      if (n < minFreq) continue;
      const [a, b] = k.split(SEP);
      const score = n / (symCount.get(a)! * symCount.get(b)!);
      if (score > bestScore || (score === bestScore && (n > bestCount || (n === bestCount && k < best!)))) {
        best = k;
        bestScore = score;
        bestCount = n;
      }
    }
    if (best === undefined) break;
    const [a, b] = best.split(SEP);
    const merged = a + (b.startsWith('##') ? b.slice(2) : b);
    for (const wi of pairWords.get(best) ?? []) {
      account(wi, -1);
      const w = words[wi];
      const out: string[] = [];
      for (let i = 0; i < w.length; i++) {
        if (i + 1 < w.length && w[i] === a && w[i + 1] === b) {
          out.push(merged);
          i++;
        } else out.push(w[i]);
      }
      words[wi] = out;
      account(wi, 1);
    }
    pairWords.delete(best);
    for (const [k, n] of pairCount) if (n <= 0) pairCount.delete(k);
    add(merged);
  }
  return vocab;
}
