import { ParseError } from '../errors.js';
import { type FileSource, toStore, readText } from './file-store.js';

/** One COVIDx image: the list files hold "patient id, file name, class, source" separated by spaces. */
export interface CovidxRecord {
  patientId: string;
  fileName: string;
  /** As written: "positive"/"negative" (COVIDx 8+) or "COVID-19"/"pneumonia"/"normal" (earlier). */
  label: string;
  source: string;
  /** `<split>/<fileName>` (the published folders are train/ and test/). */
  path: string;
}

export async function loadCovidx(source: FileSource, split: 'train' | 'test', opts: { list?: string } = {}): Promise<CovidxRecord[]> {
  const store = toStore(source);
  const list = opts.list ?? `${split}.txt`;
  const text = await readText(store, list);
  return parseCovidxList(text, store.describe(list), split);
}

export function parseCovidxList(text: string, file: string, dir: string): CovidxRecord[] {
  const out: CovidxRecord[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const f = line.split(/\s+/);
    if (f.length !== 4) throw new ParseError(file, i + 1, `expected 4 space-separated fields (patient id, file, class, source), got ${f.length}`);
    out.push({ patientId: f[0], fileName: f[1], label: f[2], source: f[3], path: `${dir}/${f[1]}` });
  });
  return out;
}

export function formatCovidxList(records: readonly Omit<CovidxRecord, 'path'>[]): string {
  return records.map((r) => `${r.patientId} ${r.fileName} ${r.label} ${r.source}`).join('\n') + '\n';
}
