/**
 * BERT's basic tokenisation: clean the text (drop NUL, U+FFFD and control characters,
 * map white space to " "), put spaces around CJK ideographs, optionally strip accents
 * (NFD, then drop combining marks) and lower-case, then split on white space and split
 * every punctuation character off as its own token.
 */
export interface BasicOptions {
  /** Default true (uncased models such as bert-base-uncased; Bio_ClinicalBERT is cased: false). */
  lowercase?: boolean;
  /** Default: the same as `lowercase`, as in BERT. */
  stripAccents?: boolean;
  /** Split CJK ideographs into single-character words; default true. */
  tokenizeChinese?: boolean;
}

const CONTROL = /\p{C}/u;
const WHITE = /\p{White_Space}/u;
const MARK = /\p{Mn}/gu;
// Unicode punctuation, plus the ASCII symbols BERT also treats as punctuation ($ + < = > ^ ` | ~).
const PUNCT = /[\p{P}!-/:-@[-`{-~]/u;

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

export function normalizeBert(text: string, opts: BasicOptions = {}): string {
  const lowercase = opts.lowercase ?? true;
  const strip = opts.stripAccents ?? lowercase;
  const cjk = opts.tokenizeChinese ?? true;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0 || cp === 0xfffd) continue;
    if (ch === '\t' || ch === '\n' || ch === '\r' || WHITE.test(ch)) out += ' ';
    else if (CONTROL.test(ch)) continue;
    else if (cjk && isCjk(cp)) out += ` ${ch} `;
    else out += ch;
  }
  if (strip) out = out.normalize('NFD').replace(MARK, '');
  if (lowercase) out = out.toLowerCase();
  return out;
}

/** Splits normalised text into words and single punctuation characters. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (WHITE.test(ch)) {
      if (cur) words.push(cur);
      cur = '';
    } else if (PUNCT.test(ch)) {
      if (cur) words.push(cur);
      words.push(ch);
      cur = '';
    } else cur += ch;
  }
  if (cur) words.push(cur);
  return words;
}

export function basicTokenize(text: string, opts: BasicOptions = {}): string[] {
  return splitWords(normalizeBert(text, opts));
}
