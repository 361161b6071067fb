import { ConfigError } from '../../errors.js';

/**
 * Parses a BERT `vocab.txt`: one token per line, the line number (from 0) is its id.
 * A token listed twice keeps its last id, as the reference loader does.
 */
export function loadVocab(text: string, name = 'vocab.txt'): Map<string, number> {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new ConfigError(`${name}: vocabulary is empty`);
  const vocab = new Map<string, number>();
  lines.forEach((tok, i) => vocab.set(tok, i));
  return vocab;
}

/** The text of a vocab.txt for tokens in id order. */
export function vocabToText(tokens: readonly string[]): string {
  return `${tokens.join('\n')}\n`;
}
