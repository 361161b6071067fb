export interface CleanOptions {
  /**
   * What replaces MIMIC's de-identification placeholders (runs of two or more "_"):
   * '' (default) removes them; any other string is put in their place.
   */
  deid?: string;
  /** Keep line breaks (collapsed to single "\n"); default false joins lines with spaces. */
  keepLines?: boolean;
}

/**
 * Report text cleaning: Unicode NFC, de-identification placeholders, control characters,
 * and whitespace (runs collapsed, no space before , . ; : ? !, trimmed).
 */
export function cleanText(text: string, opts: CleanOptions = {}): string {
  const deid = opts.deid ?? '';
  let s = text.normalize('NFC').replace(/\r\n?/g, '\n');
  s = s.replace(/_{2,}/g, deid);
  // Control characters other than tab/newline become spaces.
  s = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, ' ');
  s = s.replace(/[ \t\u00a0\u2000-\u200b\u3000]+/g, ' ');
  s = opts.keepLines ? s.replace(/ *\n[\s]*/g, '\n') : s.replace(/\s+/g, ' ');
  s = s.replace(/ +([,.;:?!])/g, '$1');
  return s.trim();
}
