/**
 * Sentence splitting for radiology text. A sentence ends at ".", "?" or "!" followed by
 * white space and a character that can start a sentence, except after abbreviations
 * ("e.g.", "Dr.", "approx.") and single-letter initials; a "." between digits
 * ("2.5 cm") never ends one. Numbered list items ("1. ...", "2) ...") and blank lines
 * always start a new sentence; other line breaks are wrapped lines and are joined.
 */

const ABBREVIATIONS = new Set([
  'dr', 'mr', 'mrs', 'ms', 'prof', 'st', 'vs', 'approx', 'e.g', 'i.e', 'etc', 'cf', 'fig', 'no', 'nos', 'resp',
  'incl', 'esp', 'apprx', 'hx', 'pt', 'pts', 'yr', 'yrs', 'ref', 'vol', 'mg', 'mm', 'cm', 'vert', 'a.m', 'p.m',
  'u.s', 'al', 'jr', 'sr', 'dept', 'min', 'max', 'lat', 'ap', 'pa', 'ca',
]);

const LIST_ITEM = /^\s*(?:\(?\d{1,2}[.)]|[-*•])\s+(?=\S)/;

export interface SplitOptions {
  /** Drop list numbers/bullets from items; default true. */
  stripListMarkers?: boolean;
}

export function splitSentences(text: string, opts: SplitOptions = {}): string[] {
  const strip = opts.stripListMarkers ?? true;
  const out: string[] = [];
  const normalized = text.replace(/\r\n?/g, '\n');
  for (const para of normalized.split(/\n[ \t]*\n/)) {
    // Break the paragraph into list items; lines that do not start an item are wrapped lines.
    const blocks: string[] = [];
    for (const line of para.split('\n')) {
      if (blocks.length === 0 || LIST_ITEM.test(line)) blocks.push(strip ? line.replace(LIST_ITEM, '') : line);
      else blocks[blocks.length - 1] += ` ${line}`;
    }
    for (const block of blocks) {
      // Inline numbered lists ("... 1. No effusion. 2. Clear lungs.") start items too.
      for (const piece of splitInlineList(block, strip)) out.push(...splitBlock(piece));
    }
  }
  return out.map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/** Splits "... 1. a. 2. b." where a number is followed by ". " or ") " after a sentence end or the start. */
function splitInlineList(block: string, strip: boolean): string[] {
  const re = /(^|[.?!:]\s+)(\d{1,2}[.)]\s+)(?=[A-Za-z])/g;
  const pieces: string[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(block)) !== null) {
    const itemStart = m.index + m[1].length;
    if (itemStart > last) pieces.push(block.slice(last, itemStart));
    last = strip ? itemStart + m[2].length : itemStart;
    if (!strip) re.lastIndex = itemStart + m[2].length;
  }
  pieces.push(block.slice(last));
  return pieces;
}

function splitBlock(block: string): string[] {
  const out: string[] = [];
  let start = 0;
  const re = /[.?!]+["')\]]*(?=\s+|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(block)) !== null) {
    const end = m.index + m[0].length;
    const rest = block.slice(end);
    const next = /^\s+(\S)/.exec(rest)?.[1];
    if (next !== undefined && !canStart(next)) continue;
    const before = block.slice(start, m.index);
    if (m[0][0] === '.' && m[0].length === 1 && (isAbbreviation(before) || /^\s*\(?\d{1,2}$/.test(before))) continue;
    out.push(block.slice(start, end));
    start = end;
  }
  if (start < block.length) out.push(block.slice(start));
  return out;
}

function canStart(ch: string): boolean {
  return /[\p{Lu}\p{N}"'(\[]/u.test(ch) || /\p{L}/u.test(ch) === false;
}

/** The word before a "." is an abbreviation or an initial. */
function isAbbreviation(before: string): boolean {
  const word = /([\p{L}.]+)$/u.exec(before)?.[1];
  if (!word) return false;
  const w = word.toLowerCase();
  return ABBREVIATIONS.has(w) || /^\p{L}$/u.test(word) || /^(\p{L}\.)+\p{L}$/u.test(word);
}
