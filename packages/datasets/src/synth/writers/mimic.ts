import { encodeJpeg } from '../../images/index.js';
import { CHEXPERT_LABELS, type RawLabel, formatRawLabel } from '../../layouts/chexpert-labels.js';
import { formatCsv } from '../../layouts/csv.js';
import { type FileStore, writeText } from '../../layouts/file-store.js';
import { MIMIC_CHEXPERT, MIMIC_METADATA, MIMIC_SPLIT, mimicSubjectDir } from '../../layouts/mimic.js';
import { SeededRandom, deriveSeed } from '../../layouts/seeded-random.js';
import type { SampleOptions } from '../spec.js';
import { buildStudy, followUpAnatomy, sampleSubject } from '../study.js';
import { mimicDicomId, unique } from './ids.js';

export interface MimicWriteOptions {
  seed: number;
  /** Number of patients; each has 1–3 studies. */
  subjects: number;
  size: number;
  /** Fraction of studies with a second frontal image (a repeat film). */
  repeatFraction?: number;
  /** Fraction of studies with an impression-only report (< 4 sentences). */
  shortFraction?: number;
  /** Fraction of studies whose report file is left out (to exercise the loader's count). */
  missingReportFraction?: number;
  /** Fraction of studies that also list a LATERAL image (kept out by the loader's view filter). */
  lateralFraction?: number;
  /**
   * Fraction of patients in the held-out splits, half 'validate' and half 'test' (default
   * 0.1, MIMIC's own proportion). A tree written only for evaluation can hold out all.
   */
  heldOutFraction?: number;
  sample?: SampleOptions;
  jpegQuality?: number;
}

export interface MimicTruthStudy {
  subjectId: string;
  studyId: string;
  split: string;
  frontal: { dicomId: string; viewPosition: string }[];
  lateral: string[];
  labels: RawLabel[];
  report: string;
  reportWritten: boolean;
  sentences: string[];
}

/** MIMIC's label file orders the 14 columns alphabetically. */
const MIMIC_LABEL_ORDER = [...CHEXPERT_LABELS].sort();

/**
 * A MIMIC-CXR-JPG-like tree: files/pXX/pSUBJECT/sSTUDY/DICOM_ID.jpg, report text files
 * and the metadata, split and CheXpert label csv.gz files. Returns what was written.
 */
export async function writeMimicCxr(store: FileStore, o: MimicWriteOptions): Promise<MimicTruthStudy[]> {
  const heldOut = o.heldOutFraction ?? 0.1;
  if (!(heldOut >= 0 && heldOut <= 1)) throw new RangeError(`writeMimicCxr: heldOutFraction must be a number in [0, 1], got ${JSON.stringify(o.heldOutFraction)}`);
  const rng = new SeededRandom(deriveSeed(o.seed, 'mimic'));
  const subjectIds = unique(() => String(10000000 + rng.int(9999999)), o.subjects);
  const truth: MimicTruthStudy[] = [];
  const meta: (string | number)[][] = [];
  const splits: (string | number)[][] = [];
  const labelRows: (string | number)[][] = [];
  const usedStudy = new Set<string>();
  for (const subjectId of subjectIds) {
    const u = rng.next();
    const split = u < 1 - heldOut ? 'train' : u < 1 - heldOut / 2 ? 'validate' : 'test';
    const nStudies = 1 + Math.floor(rng.next() * rng.next() * 3.5);
    const specs = sampleSubject(deriveSeed(o.seed, 'subject', subjectId), nStudies, o.sample);
    let date = 21000101 + rng.int(80) * 10000;
    for (let j = 0; j < specs.length; j++) {
      let studyId: string;
      do studyId = String(50000000 + rng.int(9999999));
      while (usedStudy.has(studyId));
      usedStudy.add(studyId);
      const spec = specs[j];
      const short = rng.chance(o.shortFraction ?? 0.08);
      const study = buildStudy(spec, { size: o.size, prior: j > 0 ? specs[j - 1] : undefined, short });
      const dir = `${mimicSubjectDir(subjectId)}/s${studyId}`;
      const frontal = [{ dicomId: mimicDicomId(rng), viewPosition: spec.anatomy.projection, image: study.image }];
      if (rng.chance(o.repeatFraction ?? 0.15)) {
        const again = buildStudy({ ...spec, anatomy: followUpAnatomy(spec.anatomy, SeededRandom.derive(o.seed, 'repeat', studyId)) }, { size: o.size });
        frontal.push({ dicomId: mimicDicomId(rng), viewPosition: again.spec.anatomy.projection, image: again.image });
      }
      const lateral = rng.chance(o.lateralFraction ?? 0.3) ? [mimicDicomId(rng)] : [];
      const time = String(100000 + rng.int(135959)).padStart(6, '0') + '.000';
      for (const f of frontal) {
        await store.write(`${dir}/${f.dicomId}.jpg`, encodeJpeg(f.image, o.size, o.size, { quality: o.jpegQuality ?? 92 }));
        const desc = f.viewPosition === 'PA' ? 'CHEST (PA AND LAT)' : 'CHEST (PORTABLE AP)';
        meta.push([f.dicomId, subjectId, studyId, desc, f.viewPosition, o.size, o.size, date, time, 'CHEST (PA AND LAT)', f.viewPosition === 'PA' ? 'postero-anterior' : 'antero-posterior', 'Erect']);
        splits.push([f.dicomId, studyId, subjectId, split]);
      }
      for (const id of lateral) {
        // The lateral is listed and stored as a mirrored copy; the default view filter drops it.
        const img = new Float32Array(study.image.length);
        for (let y = 0; y < o.size; y++) for (let x = 0; x < o.size; x++) img[y * o.size + x] = study.image[y * o.size + o.size - 1 - x];
        await store.write(`${dir}/${id}.jpg`, encodeJpeg(img, o.size, o.size, { quality: o.jpegQuality ?? 92 }));
        meta.push([id, subjectId, studyId, 'CHEST (PA AND LAT)', 'LATERAL', o.size, o.size, date, time, 'CHEST (PA AND LAT)', 'lateral', 'Erect']);
        splits.push([id, studyId, subjectId, split]);
      }
      const reportWritten = !rng.chance(o.missingReportFraction ?? 0);
      if (reportWritten) await writeText(store, `${mimicSubjectDir(subjectId)}/s${studyId}.txt`, study.report.text);
      labelRows.push([subjectId, studyId, ...MIMIC_LABEL_ORDER.map((l) => formatRawLabel(study.labels[CHEXPERT_LABELS.indexOf(l)]))]);
      truth.push({
        subjectId,
        studyId,
        split,
        frontal: frontal.map((f) => ({ dicomId: f.dicomId, viewPosition: f.viewPosition })),
        lateral,
        labels: study.labels,
        report: study.report.text,
        reportWritten,
        sentences: [...study.report.findings, ...study.report.impression],
      });
      date += 1 + rng.int(300);
    }
  }
  await writeText(store, MIMIC_METADATA, formatCsv(
    ['dicom_id', 'subject_id', 'study_id', 'PerformedProcedureStepDescription', 'ViewPosition', 'Rows', 'Columns', 'StudyDate', 'StudyTime', 'ProcedureCodeSequence_CodeMeaning', 'ViewCodeSequence_CodeMeaning', 'PatientOrientationCodeSequence_CodeMeaning'],
    meta,
  ));
  await writeText(store, MIMIC_SPLIT, formatCsv(['dicom_id', 'study_id', 'subject_id', 'split'], splits));
  await writeText(store, MIMIC_CHEXPERT, formatCsv(['subject_id', 'study_id', ...MIMIC_LABEL_ORDER], labelRows));
  return truth;
}
