/**
 * Report text processing. Stable API (the layout loaders depend on it):
 *
 *   parseReport(text): { sections: Record<key, text>, order, preamble, findings, impression }
 *   findingsAndImpression(parsed): string   — FINDINGS then IMPRESSION, as PRIOR trains on
 *   splitSentences(text, { stripListMarkers? }): string[]
 *   cleanText(text, { deid?, keepLines? }): string
 *   WordPiece: loadVocab(text), BertTokenizer (encode / encodeSentences / decode), trainWordPiece.
 */
export { cleanText, type CleanOptions } from './clean.js';
export { parseReport, findingsAndImpression, type ParsedReport } from './sections.js';
export { splitSentences, type SplitOptions } from './sentences.js';
export { basicTokenize, normalizeBert, splitWords, type BasicOptions } from './wordpiece/basic.js';
export { wordpiece } from './wordpiece/wordpiece.js';
export { loadVocab, vocabToText } from './wordpiece/vocab.js';
export { BertTokenizer, type TokenizerOptions, type EncodeOptions, type Encoding } from './wordpiece/tokenizer.js';
export { trainWordPiece, type TrainOptions } from './wordpiece/train.js';
