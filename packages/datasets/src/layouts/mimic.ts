import { DatasetError } from '../errors.js';
import { findingsAndImpression, parseReport, splitSentences } from '../text/index.js';
import { CHEXPERT_LABELS, type RawLabel, parseRawLabel } from './chexpert-labels.js';
import { type FileSource, type FileStore, toStore, readText } from './file-store.js';
import { SeededRandom } from './seeded-random.js';
import { Table } from './table.js';

export const MIMIC_METADATA = 'mimic-cxr-2.0.0-metadata.csv.gz';
export const MIMIC_SPLIT = 'mimic-cxr-2.0.0-split.csv.gz';
export const MIMIC_CHEXPERT = 'mimic-cxr-2.0.0-chexpert.csv.gz';

export interface MimicImage {
  dicomId: string;
  viewPosition: string;
  /** files/pXX/pSUBJECT/sSTUDY/DICOM_ID.jpg */
  path: string;
}

export interface MimicStudy {
  subjectId: string;
  studyId: string;
  split: string;
  /** The kept (by default frontal: PA/AP) images of the study. */
  images: MimicImage[];
  /** CHEXPERT_LABELS order; all null when the study has no row in the labels file. */
  labels: RawLabel[];
  /** files/pXX/pSUBJECT/sSTUDY.txt */
  reportPath: string;
}

export interface MimicOptions {
  /** ViewPosition values kept; default PA and AP. */
  views?: readonly string[];
}

/** The folder of a subject: files/p10/p10000032. */
export function mimicSubjectDir(subjectId: string): string {
  return `files/p${subjectId.slice(0, 2)}/p${subjectId}`;
}

/**
 * MIMIC-CXR-JPG: metadata (views), the official split and the CheXpert labels, joined
 * into studies that have at least one kept image. Every dicom of the metadata must be
 * in the split file; label rows are optional per study.
 */
export async function loadMimicCxr(source: FileSource, opts: MimicOptions = {}): Promise<MimicStudy[]> {
  const store = toStore(source);
  const views = new Set(opts.views ?? ['PA', 'AP']);
  const meta = new Table(store.describe(MIMIC_METADATA), await readText(store, MIMIC_METADATA), {
    required: ['dicom_id', 'subject_id', 'study_id', 'ViewPosition'],
  });
  const split = new Table(store.describe(MIMIC_SPLIT), await readText(store, MIMIC_SPLIT), {
    required: ['dicom_id', 'study_id', 'subject_id', 'split'],
  });
  const labels = new Table(store.describe(MIMIC_CHEXPERT), await readText(store, MIMIC_CHEXPERT), {
    required: ['subject_id', 'study_id', ...CHEXPERT_LABELS],
  });
  const splitOf = new Map<string, string>();
  for (const row of split.rows) splitOf.set(row.required('dicom_id'), row.required('split'));
  const labelOf = new Map<string, RawLabel[]>();
  for (const row of labels.rows) {
    labelOf.set(
      row.required('study_id'),
      CHEXPERT_LABELS.map((name) => {
        const v = parseRawLabel(row.get(name));
        if (v === undefined) throw row.error(`${name} must be 1, 0, -1 or blank, got ${JSON.stringify(row.get(name))}`);
        return v;
      }),
    );
  }
  const studies = new Map<string, MimicStudy>();
  for (const row of meta.rows) {
    const dicomId = row.required('dicom_id');
    const subjectId = row.required('subject_id');
    const studyId = row.required('study_id');
    if (!/^\d+$/.test(subjectId) || !/^\d+$/.test(studyId)) throw row.error(`subject_id and study_id must be numbers, got ${subjectId}, ${studyId}`);
    const s = splitOf.get(dicomId);
    if (s === undefined) throw row.error(`dicom ${dicomId} has no row in ${MIMIC_SPLIT}`);
    const view = row.get('ViewPosition');
    if (!views.has(view)) continue;
    let st = studies.get(studyId);
    if (!st) {
      const dir = mimicSubjectDir(subjectId);
      studies.set(studyId, (st = { subjectId, studyId, split: s, images: [], labels: labelOf.get(studyId) ?? CHEXPERT_LABELS.map(() => null), reportPath: `${dir}/s${studyId}.txt` }));
    }
    st.images.push({ dicomId, viewPosition: view, path: `${mimicSubjectDir(subjectId)}/s${studyId}/${dicomId}.jpg` });
  }
  return [...studies.values()];
}

/** An image–report pair as PRIOR trains on it. */
export interface MimicPair {
  study: MimicStudy;
  /** FINDINGS + IMPRESSION sentences. */
  sentences: string[];
}

export interface PairingSummary {
  pairs: MimicPair[];
  /** Studies whose report file does not exist (paths listed in `missing`). */
  missingReports: number;
  /** Studies whose FINDINGS + IMPRESSION have fewer than `minSentences` sentences. */
  tooShort: number;
  missing: string[];
}

/**
 * PRIOR's pairing: keep FINDINGS and IMPRESSION, split into sentences, drop studies with
 * fewer than `minSentences` (4). A missing report is counted and listed, never fatal.
 */
export async function pairMimicReports(source: FileSource, studies: readonly MimicStudy[], opts: { minSentences?: number } = {}): Promise<PairingSummary> {
  const store: FileStore = toStore(source);
  const min = opts.minSentences ?? 4;
  const out: PairingSummary = { pairs: [], missingReports: 0, tooShort: 0, missing: [] };
  for (const study of studies) {
    let text: string;
    try {
      text = await readText(store, study.reportPath);
    } catch (e) {
      if (e instanceof DatasetError && !(await store.exists(study.reportPath))) {
        out.missingReports++;
        out.missing.push(store.describe(study.reportPath));
        continue;
      }
      throw e;
    }
    const sentences = splitSentences(findingsAndImpression(parseReport(text)));
    if (sentences.length < min) out.tooShort++;
    else out.pairs.push({ study, sentences });
  }
  return out;
}

/** The frontal image used for a study in an epoch: random, but fixed by (seed, epoch, study). */
export function frontalImageForEpoch(study: MimicStudy, epoch: number, seed: number): MimicImage {
  if (study.images.length === 0) throw new DatasetError(`study ${study.studyId}: no frontal image`);
  return study.images[SeededRandom.derive(seed, 'frontal', epoch, study.studyId).int(study.images.length)];
}
