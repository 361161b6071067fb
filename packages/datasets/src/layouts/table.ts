import { ParseError } from '../errors.js';
import { parseCsv } from './csv.js';

/** A data row of a CSV table, read by column name; errors name the file and line. */
export class TableRow {
  constructor(
    readonly table: Table,
    readonly fields: string[],
    readonly line: number,
  ) {}

  /** The trimmed value of a column (which must exist in the header). */
  get(column: string): string {
    return (this.fields[this.table.index(column)] ?? '').trim();
  }

  /** A required non-empty value. */
  required(column: string): string {
    const v = this.get(column);
    if (v === '') throw this.error(`empty ${column}`);
    return v;
  }

  /** A finite number; empty is an error unless `optional`, in which case it gives null. */
  number(column: string): number;
  number(column: string, optional: true): number | null;
  number(column: string, optional = false): number | null {
    const v = this.get(column);
    if (v === '') {
      if (optional) return null;
      throw this.error(`empty ${column}`);
    }
    const x = Number(v);
    if (!Number.isFinite(x)) throw this.error(`${column} is not a number: ${JSON.stringify(v)}`);
    return x;
  }

  /** A ParseError naming this row's file and line; callers `throw` it. */
  error(reason: string): ParseError {
    return new ParseError(this.table.file, this.line, reason);
  }
}

/** A parsed CSV with a header row. */
export class Table {
  readonly header: string[];
  readonly rows: TableRow[];
  private readonly columns = new Map<string, number>();

  /**
   * `required` columns must be present in the header; every data row must have as many
   * fields as the header, or at least `minFields` when given (for files such as NIH's
   * whose header and rows disagree on trailing commas).
   */
  constructor(
    readonly file: string,
    text: string,
    opts: { required?: readonly string[]; minFields?: number; delimiter?: string } = {},
  ) {
    const rows = parseCsv(text, file, opts.delimiter);
    if (rows.length === 0) throw new ParseError(file, 1, 'empty file, expected a header row');
    const head = rows[0];
    this.header = head.fields.map((h) => h.trim());
    this.header.forEach((h, i) => {
      if (!this.columns.has(h)) this.columns.set(h, i);
    });
    for (const c of opts.required ?? []) {
      if (!this.columns.has(c)) throw new ParseError(file, head.line, `missing column ${JSON.stringify(c)}`);
    }
    const want = opts.minFields ?? this.header.length;
    this.rows = rows.slice(1).map((r) => {
      const ok = opts.minFields === undefined ? r.fields.length === want : r.fields.length >= want;
      if (!ok) {
        throw new ParseError(file, r.line, `expected ${opts.minFields === undefined ? '' : 'at least '}${want} fields, got ${r.fields.length}`);
      }
      return new TableRow(this, r.fields, r.line);
    });
  }

  has(column: string): boolean {
    return this.columns.has(column);
  }

  index(column: string): number {
    const i = this.columns.get(column);
    if (i === undefined) throw new ParseError(this.file, 1, `missing column ${JSON.stringify(column)}`);
    return i;
  }
}
