import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { formatCsv, parseCsv } from '../../src/layouts/csv.js';
import { Table } from '../../src/layouts/table.js';

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, embedded commas and line breaks, CRLF and a BOM', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\nlast,,\n';
    const rows = parseCsv(text, 'f.csv');
    expect(rows.map((r) => r.fields)).toEqual([['a', 'b', 'c'], ['x, y', 'say "hi"', 'two\nlines'], ['last', '', '']]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('reports malformed quoting with file and line', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n', 'bad.csv')).toThrow(/^bad\.csv:2: unterminated quoted field$/);
    expect(() => parseCsv('a,b\n1,2\n3,x"y\n', 'bad.csv')).toThrow('bad.csv:3: quote inside an unquoted field');
    expect(() => parseCsv('a,b\n"1"x,2\n', 'bad.csv')).toThrow('bad.csv:2: unexpected character "x" after a closing quote');
    try {
      parseCsv('"', 'q.csv');
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      expect((e as ParseError).line).toBe(1);
      expect((e as ParseError).file).toBe('q.csv');
    }
  });

  it('round-trips any table through formatCsv', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '1', 'é') });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((w) => fc.array(fc.array(field, { minLength: w, maxLength: w }), { maxLength: 6 }).map((rows) => ({ w, rows }))), ({ w, rows }) => {
        const header = Array.from({ length: w }, (_, i) => `c${i}`);
        // An all-empty single-column row is indistinguishable from a blank line.
        const kept = rows.filter((r) => !(w === 1 && r[0] === ''));
        const back = parseCsv(formatCsv(header, kept), 't.csv').map((r) => r.fields);
        expect(back).toEqual([header, ...kept]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('Table', () => {
  it('checks the header and field counts, naming file and line', () => {
    expect(() => new Table('t.csv', 'a,b\n1,2\n3\n', {})).toThrow('t.csv:3: expected 2 fields, got 1');
    expect(() => new Table('t.csv', 'a,b\n', { required: ['c'] })).toThrow('t.csv:1: missing column "c"');
    expect(() => new Table('t.csv', '', {})).toThrow('t.csv:1: empty file, expected a header row');
    const t = new Table('t.csv', 'a,b\n1,x\n', {});
    expect(() => t.rows[0].number('b')).toThrow('t.csv:2: b is not a number: "x"');
    expect(t.rows[0].number('a')).toBe(1);
  });
});
