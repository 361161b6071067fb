/**
 * Greedy longest-match-first sub-word split: take the longest vocabulary entry that
 * starts the word, then the longest "##"-prefixed entry that continues it, and so on.
 * A word longer than `maxChars` characters, or with any part no entry matches, becomes
 * the single unknown token (BERT's rule: never a partial split).
 */
export function wordpiece(
  word: string,
  vocab: ReadonlyMap<string, number>,
  unk: string,
  maxChars = 100,
  prefix = '##',
): string[] {
  const chars = Array.from(word);
  if (chars.length > maxChars) return [unk];
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let found: string | undefined;
    while (end > start) {
      const sub = (start > 0 ? prefix : '') + chars.slice(start, end).join('');
      if (vocab.has(sub)) {
        found = sub;
        break;
      }
      end--;
    }
    if (found === undefined) return [unk];
    pieces.push(found);
    start = end;
  }
  return pieces;
}
