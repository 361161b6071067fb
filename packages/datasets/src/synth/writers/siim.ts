import { encodeDicom, makeUid } from '../../images/index.js';
import { formatCsv } from '../../layouts/csv.js';
import { type FileStore, writeText } from '../../layouts/file-store.js';
import { rleEncode } from '../../layouts/rle.js';
import { SeededRandom, deriveSeed } from '../../layouts/seeded-random.js';
import { generateStudy } from '../study.js';

export interface SiimWriteOptions {
  seed: number;
  count: number;
  size: number;
  /** Share of images with a pneumothorax (SIIM has about 0.22). */
  positiveFraction?: number;
}

export interface SiimTruth {
  imageId: string;
  /** The pneumothorax mask (image pixels, row-major 0/1). */
  mask: Uint8Array;
  rles: string[];
  path: string;
}

/**
 * SIIM-like: train-rle.csv (header "ImageId, EncodedPixels" with the published leading
 * space, one row per pneumothorax, "-1" for none) and DICOMs nested as
 * dicom-images-train/<study UID>/<series UID>/<ImageId>.dcm. Masks are at the image size.
 */
export async function writeSiim(store: FileStore, o: SiimWriteOptions): Promise<SiimTruth[]> {
  const rng = new SeededRandom(deriveSeed(o.seed, 'siim'));
  const truth: SiimTruth[] = [];
  const lines = ['ImageId, EncodedPixels'];
  for (let i = 0; i < o.count; i++) {
    const positive = rng.chance(o.positiveFraction ?? 0.25);
    const study = generateStudy(deriveSeed(o.seed, 'siim-study', i), {
      size: o.size,
      sample: positive ? { include: ['pneumothorax'] } : { exclude: ['pneumothorax'] },
    });
    const imageId = makeUid('siim', o.seed, i, 'image').replace(/^2\.25\./, '1.2.276.0.7230010.3.1.4.');
    const studyUid = makeUid('siim', o.seed, i, 'study');
    const seriesUid = makeUid('siim', o.seed, i, 'series');
    const rles = study.spec.findings.flatMap((f, k) => (f.kind === 'pneumothorax' ? [rleEncode(study.findingMasks[k], o.size, o.size)] : [])).filter((r) => r !== '-1');
    for (const r of rles.length > 0 ? rles : ['-1']) lines.push(formatCsv(['x'], [[imageId, ` ${r}`]]).split('\n')[1]);
    const path = `dicom-images-train/${studyUid}/${seriesUid}/${imageId}.dcm`;
    const a = study.spec.anatomy;
    await store.write(path, encodeDicom({
      width: o.size,
      height: o.size,
      data: study.image,
      bitsStored: 8,
      patientId: imageId,
      patientSex: a.sex,
      patientAge: String(a.age),
      viewPosition: a.projection,
      modality: 'CR',
      bodyPartExamined: 'CHEST',
      studyInstanceUid: studyUid,
      seriesInstanceUid: seriesUid,
      sopInstanceUid: imageId,
    }));
    truth.push({ imageId, mask: study.pneumothoraxMask, rles, path });
  }
  await writeText(store, 'train-rle.csv', lines.join('\n') + '\n');
  return truth;
}
