import { ConfigError } from '../errors.js';
import { CHEXPERT_5X200, CHEXPERT_LABELS, type RawLabel, parseRawLabel } from './chexpert-labels.js';
import { type FileSource, type FileStore, toStore, readText, writeText } from './file-store.js';
import { formatCsv } from './csv.js';
import { SeededRandom } from './seeded-random.js';
import { Table } from './table.js';

export interface ChexpertRecord {
  /** The Path column as written, e.g. "CheXpert-v1.0-small/train/patient00001/study1/view1_frontal.jpg". */
  path: string;
  /** The image relative to the data set's root (Path without its leading "CheXpert-v1.0…/" folder). */
  file: string;
  patient: string;
  study: string;
  sex: string;
  age: number;
  view: 'Frontal' | 'Lateral';
  /** AP, PA, LL … for frontal images; null when blank. */
  projection: string | null;
  /** One raw value per CHEXPERT_LABELS entry. */
  labels: RawLabel[];
}

/** Reads CheXpert's train.csv or valid.csv. */
export async function loadChexpert(source: FileSource, split: 'train' | 'valid', opts: { csv?: string } = {}): Promise<ChexpertRecord[]> {
  const store = toStore(source);
  const csv = opts.csv ?? `${split}.csv`;
  const table = new Table(store.describe(csv), await readText(store, csv), {
    required: ['Path', 'Sex', 'Age', 'Frontal/Lateral', 'AP/PA', ...CHEXPERT_LABELS],
  });
  return table.rows.map((row) => {
    const path = row.required('Path');
    const m = /(patient\d+)\/(study\d+)\//.exec(path);
    if (!m) throw row.error(`Path does not name a patientNNNNN/studyN folder: ${JSON.stringify(path)}`);
    const view = row.get('Frontal/Lateral');
    if (view !== 'Frontal' && view !== 'Lateral') throw row.error(`Frontal/Lateral must be Frontal or Lateral, got ${JSON.stringify(view)}`);
    const labels = CHEXPERT_LABELS.map((name) => {
      const v = parseRawLabel(row.get(name));
      if (v === undefined) throw row.error(`${name} must be 1, 0, -1 or blank, got ${JSON.stringify(row.get(name))}`);
      return v;
    });
    return {
      path,
      file: path.replace(/^CheXpert-v1\.0[^/]*\//, ''),
      patient: m[1],
      study: m[2],
      sex: row.get('Sex'),
      age: row.number('Age'),
      view,
      projection: row.get('AP/PA') || null,
      labels,
    };
  });
}

export interface Chexpert5x200Entry {
  path: string;
  /** Index into CHEXPERT_5X200. */
  label: number;
}

/**
 * The 5x200 subset: frontal images with exactly one of the five classes positive and
 * none of the other four positive or uncertain, `perClass` of each drawn with the seed.
 */
export function build5x200(records: readonly ChexpertRecord[], seed: number, perClass = 200): Chexpert5x200Entry[] {
  const cols = CHEXPERT_5X200.map((c) => CHEXPERT_LABELS.indexOf(c));
  const pools: ChexpertRecord[][] = CHEXPERT_5X200.map(() => []);
  for (const r of records) {
    if (r.view !== 'Frontal') continue;
    const pos = cols.filter((c) => r.labels[c] === 1);
    const unc = cols.filter((c) => r.labels[c] === -1);
    if (pos.length === 1 && unc.length === 0) pools[cols.indexOf(pos[0])].push(r);
  }
  const rng = new SeededRandom(seed);
  const out: Chexpert5x200Entry[] = [];
  pools.forEach((pool, k) => {
    if (pool.length < perClass) {
      throw new ConfigError(`build5x200: only ${pool.length} eligible frontal images of ${CHEXPERT_5X200[k]}, need ${perClass}`);
    }
    for (const r of rng.shuffle([...pool]).slice(0, perClass)) out.push({ path: r.path, label: k });
  });
  return out;
}

/** The split file: Path plus one 0/1 column per class, as the 5x200 CSVs are usually shared. */
export async function write5x200(store: FileStore, path: string, entries: readonly Chexpert5x200Entry[]): Promise<void> {
  const rows = entries.map((e) => [e.path, ...CHEXPERT_5X200.map((_, k) => (k === e.label ? 1 : 0))]);
  await writeText(store, path, formatCsv(['Path', ...CHEXPERT_5X200], rows));
}

export async function read5x200(source: FileSource, path: string): Promise<Chexpert5x200Entry[]> {
  const store = toStore(source);
  const table = new Table(store.describe(path), await readText(store, path), { required: ['Path', ...CHEXPERT_5X200] });
  return table.rows.map((row) => {
    const hot = CHEXPERT_5X200.map((c) => row.get(c));
    for (let k = 0; k < hot.length; k++) {
      if (hot[k] !== '0' && hot[k] !== '1') throw row.error(`${CHEXPERT_5X200[k]} must be 0 or 1, got ${JSON.stringify(hot[k])}`);
    }
    const ones = hot.flatMap((h, k) => (h === '1' ? [k] : []));
    if (ones.length !== 1) throw row.error(`expected exactly one class marked 1, got ${ones.length}`);
    return { path: row.required('Path'), label: ones[0] };
  });
}

