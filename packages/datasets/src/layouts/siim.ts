import { DatasetError } from '../errors.js';
import { type FileSource, toStore, readText } from './file-store.js';
import { rleDecode } from './rle.js';
import { Table } from './table.js';

/** One image of SIIM-ACR Pneumothorax: its RLE rows (one per pneumothorax) and DICOM path. */
export interface SiimRecord {
  imageId: string;
  /** The encoded masks as written; [] when the image has no pneumothorax ("-1"). */
  rles: string[];
  pneumothorax: boolean;
  /** Path of `<imageId>.dcm` under the image directory, or null when not found. */
  path: string | null;
}

export interface SiimOptions {
  csv?: string;
  /** Directory searched recursively for `<ImageId>.dcm` (the competition nests study/series folders). */
  imageDir?: string;
  /** Fail when an image named in the CSV has no DICOM file (default true). */
  requireImages?: boolean;
}

export async function loadSiim(source: FileSource, opts: SiimOptions = {}): Promise<SiimRecord[]> {
  const store = toStore(source);
  const csv = opts.csv ?? 'train-rle.csv';
  const table = new Table(store.describe(csv), await readText(store, csv), { required: ['ImageId', 'EncodedPixels'] });
  const byId = new Map<string, SiimRecord>();
  for (const row of table.rows) {
    const id = row.required('ImageId');
    const rle = row.required('EncodedPixels');
    if (rle !== '-1' && !/^\d+( \d+)*$/.test(rle)) throw row.error(`EncodedPixels is not a run-length encoding: ${JSON.stringify(rle.slice(0, 40))}`);
    if (rle !== '-1' && rle.split(' ').length % 2 !== 0) throw row.error('EncodedPixels has an odd number of values');
    let rec = byId.get(id);
    if (!rec) byId.set(id, (rec = { imageId: id, rles: [], pneumothorax: false, path: null }));
    if (rle === '-1') {
      if (rec.rles.length > 0) throw row.error(`image ${id} is both empty (-1) and has a mask`);
    } else {
      rec.rles.push(rle);
      rec.pneumothorax = true;
    }
  }
  const dir = opts.imageDir ?? 'dicom-images-train';
  if (await store.exists(dir)) {
    const files = new Map<string, string>();
    for (const f of await store.list(dir)) if (f.endsWith('.dcm')) files.set(f.slice(f.lastIndexOf('/') + 1, -4), f);
    for (const rec of byId.values()) rec.path = files.get(rec.imageId) ?? null;
  }
  if (opts.requireImages ?? true) {
    const missing = [...byId.values()].filter((r) => r.path === null);
    if (missing.length > 0) {
      throw new DatasetError(`${store.describe(dir)}: no DICOM file for ${missing.length} image(s) in ${csv}, e.g. ${missing[0].imageId}.dcm`);
    }
  }
  return [...byId.values()];
}

/** The union of an image's pneumothorax masks (row-major 0/1). */
export function siimMask(rec: SiimRecord, width = 1024, height = 1024): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (const rle of rec.rles) {
    const m = rleDecode(rle, width, height);
    for (let i = 0; i < m.length; i++) mask[i] |= m[i];
  }
  return mask;
}
