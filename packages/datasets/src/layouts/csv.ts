import { ParseError } from '../errors.js';

/** One parsed CSV record and the 1-based line it starts on (for error messages). */
export interface CsvRow {
  fields: string[];
  line: number;
}

/**
 * RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or
 * LF line ends; a trailing newline does not make an empty record, and blank lines are
 * skipped. Malformed quoting throws a ParseError naming `file` and the line.
 */
export function parseCsv(text: string, file: string, delimiter = ','): CsvRow[] {
  const rows: CsvRow[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let value = '';
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= n) throw new ParseError(file, quoteLine, 'unterminated quoted field');
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        const after = text[i];
        if (i < n && after !== delimiter && after !== '\n' && after !== '\r') {
          throw new ParseError(file, line, `unexpected character ${JSON.stringify(after)} after a closing quote`);
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text[j];
          if (c === delimiter || c === '\n' || c === '\r') break;
          if (c === '"') throw new ParseError(file, line, 'quote inside an unquoted field');
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i >= n) endOfRecord = true;
      else if (text[i] === delimiter) i++;
      else {
        if (text[i] === '\r') i++;
        if (text[i] === '\n') i++;
        line++;
        endOfRecord = true;
      }
    }
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ fields, line: start });
  }
  return rows;
}

/** Quotes a field only when it needs it. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes a header and records as CSV text with LF line ends. */
export function formatCsv(header: readonly string[], records: readonly (readonly (string | number)[])[]): string {
  const lines = [header.map(csvField).join(',')];
  for (const r of records) lines.push(r.map(csvField).join(','));
  return lines.join('\n') + '\n';
}
