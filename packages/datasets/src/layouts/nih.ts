import { ParseError } from '../errors.js';
import type { Box } from './box.js';
import { type FileSource, toStore, readText } from './file-store.js';
import { Table } from './table.js';

/** The 14 ChestX-ray14 findings, as spelled in Data_Entry_2017.csv. */
export const NIH_LABELS = [
  'Atelectasis', 'Cardiomegaly', 'Effusion', 'Infiltration', 'Mass', 'Nodule', 'Pneumonia',
  'Pneumothorax', 'Consolidation', 'Edema', 'Emphysema', 'Fibrosis', 'Pleural_Thickening', 'Hernia',
] as const;
export type NihLabel = (typeof NIH_LABELS)[number];

export interface NihBox extends Box {
  label: NihLabel;
}

export interface NihRecord {
  imageIndex: string;
  /** Empty for "No Finding". */
  labels: NihLabel[];
  followUp: number;
  patientId: number;
  age: number;
  sex: string;
  viewPosition: string;
  originalWidth: number;
  originalHeight: number;
  pixelSpacing: [number, number];
  boxes: NihBox[];
  split: 'train_val' | 'test' | null;
  /** Where the PNG was found (images/ or images_NNN/images/), or null. */
  path: string | null;
}

export interface NihOptions {
  dataEntry?: string;
  bboxList?: string;
  trainValList?: string;
  testList?: string;
}

/**
 * ChestX-ray14: Data_Entry_2017.csv ("|"-separated labels), BBox_List_2017.csv and the
 * official train_val/test lists. Columns are read by position, because the published
 * headers split "OriginalImage[Width,Height]" and "Bbox [x,y,w,h]" over several
 * columns and carry trailing commas.
 */
export async function loadNih(source: FileSource, opts: NihOptions = {}): Promise<NihRecord[]> {
  const store = toStore(source);
  const entry = opts.dataEntry ?? 'Data_Entry_2017.csv';
  const table = new Table(store.describe(entry), await readText(store, entry), { minFields: 11 });
  if (table.header[0] !== 'Image Index' || table.header[1] !== 'Finding Labels') {
    throw new ParseError(table.file, 1, `expected a header starting "Image Index,Finding Labels", got ${JSON.stringify(table.header.slice(0, 2).join(','))}`);
  }
  const known = new Set<string>(NIH_LABELS);
  const records = new Map<string, NihRecord>();
  for (const row of table.rows) {
    const f = row.fields.map((s) => s.trim());
    const num = (i: number, what: string) => {
      const x = Number(f[i]);
      if (f[i] === '' || !Number.isFinite(x)) throw row.error(`${what} is not a number: ${JSON.stringify(f[i])}`);
      return x;
    };
    const labels = f[1] === 'No Finding' ? [] : f[1].split('|');
    for (const l of labels) if (!known.has(l)) throw row.error(`unknown finding label ${JSON.stringify(l)}`);
    if (f[0] === '') throw row.error('empty Image Index');
    records.set(f[0], {
      imageIndex: f[0],
      labels: labels as NihLabel[],
      followUp: num(2, 'Follow-up #'),
      patientId: num(3, 'Patient ID'),
      age: num(4, 'Patient Age'),
      sex: f[5],
      viewPosition: f[6],
      originalWidth: num(7, 'OriginalImage width'),
      originalHeight: num(8, 'OriginalImage height'),
      pixelSpacing: [num(9, 'pixel spacing x'), num(10, 'pixel spacing y')],
      boxes: [],
      split: null,
      path: null,
    });
  }
  const bbox = opts.bboxList ?? 'BBox_List_2017.csv';
  if (await store.exists(bbox)) {
    const boxes = new Table(store.describe(bbox), await readText(store, bbox), { minFields: 6 });
    for (const row of boxes.rows) {
      const f = row.fields.map((s) => s.trim());
      const rec = records.get(f[0]);
      if (!rec) throw row.error(`image ${f[0]} is not in ${entry}`);
      // The box file spells Infiltration as "Infiltrate".
      const label = f[1] === 'Infiltrate' ? 'Infiltration' : f[1];
      if (!known.has(label)) throw row.error(`unknown finding label ${JSON.stringify(f[1])}`);
      const v = f.slice(2, 6).map(Number);
      if (v.some((x, i) => f[2 + i] === '' || !Number.isFinite(x))) throw row.error(`box values are not numbers: ${f.slice(2, 6).join(',')}`);
      rec.boxes.push({ label: label as NihLabel, x: v[0], y: v[1], width: v[2], height: v[3] });
    }
  }
  for (const [key, split] of [[opts.trainValList ?? 'train_val_list.txt', 'train_val'], [opts.testList ?? 'test_list.txt', 'test']] as const) {
    if (!(await store.exists(key))) continue;
    const lines = (await readText(store, key)).split(/\r?\n/);
    lines.forEach((raw, i) => {
      const name = raw.trim();
      if (name === '') return;
      const rec = records.get(name);
      if (!rec) throw new ParseError(store.describe(key), i + 1, `image ${name} is not in ${entry}`);
      rec.split = split;
    });
  }
  for (const f of await store.list('')) {
    if (!/^images[^/]*\//.test(f) || !f.endsWith('.png')) continue;
    const rec = records.get(f.slice(f.lastIndexOf('/') + 1));
    if (rec) rec.path = f;
  }
  return [...records.values()];
}
