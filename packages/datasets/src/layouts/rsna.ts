import { DatasetError } from '../errors.js';
import type { Box } from './box.js';
import { type FileSource, toStore, readText } from './file-store.js';
import { Table } from './table.js';

/** One RSNA Pneumonia Detection image: its pneumonia boxes and image-level label. */
export interface RsnaRecord {
  patientId: string;
  /** 1 when the image has lung opacity (pneumonia), else 0. */
  target: 0 | 1;
  boxes: Box[];
  /** `<imageDir>/<patientId>.dcm`. */
  path: string;
}

export interface RsnaOptions {
  csv?: string;
  imageDir?: string;
  /** Fail when a DICOM named in the CSV is missing (default true). */
  requireImages?: boolean;
}

/** Reads `stage_2_train_labels.csv`: several rows per image (one per box), empty coordinates for Target 0. */
export async function loadRsna(source: FileSource, opts: RsnaOptions = {}): Promise<RsnaRecord[]> {
  const store = toStore(source);
  const csv = opts.csv ?? 'stage_2_train_labels.csv';
  const dir = opts.imageDir ?? 'stage_2_train_images';
  const table = new Table(store.describe(csv), await readText(store, csv), {
    required: ['patientId', 'x', 'y', 'width', 'height', 'Target'],
  });
  const byId = new Map<string, RsnaRecord>();
  for (const row of table.rows) {
    const id = row.required('patientId');
    const t = row.get('Target');
    if (t !== '0' && t !== '1') throw row.error(`Target must be 0 or 1, got ${JSON.stringify(t)}`);
    let rec = byId.get(id);
    if (!rec) byId.set(id, (rec = { patientId: id, target: t === '1' ? 1 : 0, boxes: [], path: `${dir}/${id}.dcm` }));
    else if (rec.target !== (t === '1' ? 1 : 0)) throw row.error(`patient ${id} has rows with both Target 0 and 1`);
    if (t === '1') {
      const box = { x: row.number('x'), y: row.number('y'), width: row.number('width'), height: row.number('height') };
      if (box.width <= 0 || box.height <= 0) throw row.error(`box with non-positive size ${box.width}x${box.height}`);
      rec.boxes.push(box);
    } else if (['x', 'y', 'width', 'height'].some((c) => row.get(c) !== '')) {
      throw row.error('Target 0 row with box coordinates');
    }
  }
  if (opts.requireImages ?? true) {
    const have = new Set(await store.list(dir));
    const missing = [...byId.values()].filter((r) => !have.has(r.path));
    if (missing.length > 0) {
      throw new DatasetError(`${store.describe(missing[0].path)}: file not found (${missing.length} image(s) of ${csv} missing)`);
    }
  }
  return [...byId.values()];
}
