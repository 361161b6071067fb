import { encodeDicom, makeUid } from '../../images/index.js';
import type { Box } from '../../layouts/box.js';
import { formatCsv } from '../../layouts/csv.js';
import { type FileStore, writeText } from '../../layouts/file-store.js';
import { SeededRandom, deriveSeed } from '../../layouts/seeded-random.js';
import { generateStudy } from '../study.js';
import { unique, uuid } from './ids.js';

export interface RsnaWriteOptions {
  seed: number;
  count: number;
  size: number;
  /** Share of images with pneumonia (RSNA has about 0.3). */
  positiveFraction?: number;
}

export interface RsnaTruth {
  patientId: string;
  target: 0 | 1;
  boxes: Box[];
  /** The opacity mask the boxes came from (image pixels). */
  mask: Uint8Array;
}

/**
 * RSNA-like: stage_2_train_labels.csv (one row per box, one row with empty coordinates
 * for a negative image) and stage_2_train_images/<patientId>.dcm (MONOCHROME2, 8-bit).
 */
export async function writeRsna(store: FileStore, o: RsnaWriteOptions): Promise<RsnaTruth[]> {
  const rng = new SeededRandom(deriveSeed(o.seed, 'rsna'));
  const ids = unique(() => uuid(rng), o.count);
  const truth: RsnaTruth[] = [];
  const rows: (string | number)[][] = [];
  for (let i = 0; i < o.count; i++) {
    const positive = rng.chance(o.positiveFraction ?? 0.3);
    const study = generateStudy(deriveSeed(o.seed, 'rsna-study', i), {
      size: o.size,
      sample: positive ? { include: ['consolidation'] } : { exclude: ['consolidation'] },
    });
    const id = ids[i];
    const boxes = study.pneumoniaBoxes;
    const mask = new Uint8Array(study.size * study.size);
    study.spec.findings.forEach((f, k) => {
      if (f.kind === 'consolidation') for (let p = 0; p < mask.length; p++) mask[p] |= study.findingMasks[k][p];
    });
    const target = boxes.length > 0 ? 1 : 0;
    if (target) for (const b of boxes) rows.push([id, b.x, b.y, b.width, b.height, 1]);
    else rows.push([id, '', '', '', '', 0]);
    truth.push({ patientId: id, target, boxes, mask });
    const a = study.spec.anatomy;
    await store.write(`stage_2_train_images/${id}.dcm`, encodeDicom({
      width: o.size,
      height: o.size,
      data: study.image,
      bitsStored: 8,
      // The challenge's DICOMs are JPEG baseline inside DICOM.
      transferSyntax: 'jpeg-baseline',
      patientId: id,
      patientName: id,
      patientSex: a.sex,
      patientAge: String(a.age),
      viewPosition: a.projection,
      modality: 'CR',
      bodyPartExamined: 'CHEST',
      sopInstanceUid: makeUid('rsna', id),
    }));
  }
  await writeText(store, 'stage_2_train_labels.csv', formatCsv(['patientId', 'x', 'y', 'width', 'height', 'Target'], rows));
  return truth;
}
