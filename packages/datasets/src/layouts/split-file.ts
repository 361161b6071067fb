import { ParseError } from '../errors.js';
import { formatCsv } from './csv.js';
import { type FileSource, type FileStore, toStore, readText, writeText } from './file-store.js';
import { Table } from './table.js';

/** One line of a split file: an example's id and the split it belongs to. */
export interface SplitEntry {
  id: string;
  split: string;
}

/** A split file is a CSV `id,split`, so an experiment's exact examples can be committed and shared. */
export async function writeSplitFile(store: FileStore, path: string, entries: readonly SplitEntry[]): Promise<void> {
  await writeText(store, path, formatCsv(['id', 'split'], entries.map((e) => [e.id, e.split])));
}

export async function readSplitFile(source: FileSource, path: string): Promise<SplitEntry[]> {
  const store = toStore(source);
  const table = new Table(store.describe(path), await readText(store, path), { required: ['id', 'split'] });
  const seen = new Set<string>();
  return table.rows.map((row) => {
    const id = row.required('id');
    if (seen.has(id)) throw new ParseError(table.file, row.line, `duplicate id ${JSON.stringify(id)}`);
    seen.add(id);
    return { id, split: row.required('split') };
  });
}
