/**
 * The six published layouts, each with its SynthCXR writer (how `--count` maps to the
 * writer's sizes) and its loader (what `data check` runs and which image files the
 * records name). Everything here calls @prior/datasets; nothing is parsed in the CLI.
 */
import {
  CHEXPERT_5X200_FILE,
  type FileStore,
  loadChexpert,
  loadCovidx,
  loadMimicCxr,
  loadNih,
  loadRsna,
  loadSiim,
  pairMimicReports,
  read5x200,
  writeChexpert,
  writeCovidx,
  writeMimicCxr,
  writeNih,
  writeRsna,
  writeSiim,
} from '@prior/datasets';

export const LAYOUTS = ['mimic', 'chexpert', 'rsna', 'siim', 'covidx', 'nih'] as const;
export type Layout = (typeof LAYOUTS)[number];

export interface SynthParams {
  count: number;
  size: number;
  seed: number;
}

export interface LayoutCheck {
  /** Named counts, e.g. { studies: 30, pairs: 25 }. */
  counts: Record<string, number>;
  /** Image files the records name, relative to the store (null: the loader found none for a record). */
  images: { name: string; path: string | null }[];
  /** Problems that are not fatal for the loader but are for a complete data set. */
  problems: string[];
}

export interface LayoutSpec {
  name: Layout;
  title: string;
  /** What `--count` counts for this layout. */
  unit: string;
  write(store: FileStore, p: SynthParams): Promise<Record<string, number>>;
  check(store: FileStore): Promise<LayoutCheck>;
}

const split = (count: number, share: number) => Math.max(1, Math.round(count * share));

export const LAYOUT_SPECS: Record<Layout, LayoutSpec> = {
  mimic: {
    name: 'mimic',
    title: 'MIMIC-CXR (JPG) with reports',
    unit: 'subjects (1-3 studies each)',
    async write(store, p) {
      const studies = await writeMimicCxr(store, { seed: p.seed, subjects: p.count, size: p.size });
      return { studies: studies.length };
    },
    async check(store) {
      const studies = await loadMimicCxr(store);
      const paired = await pairMimicReports(store, studies);
      const images = studies.flatMap((s) => s.images.map((i) => ({ name: `${s.subjectId}/${s.studyId}/${i.dicomId}`, path: i.path })));
      const problems = paired.missing.map((m) => `report missing: ${store.describe(m)}`);
      return {
        counts: { studies: studies.length, images: images.length, pairs: paired.pairs.length, 'reports too short': paired.tooShort, 'reports missing': paired.missingReports },
        images,
        problems,
      };
    },
  },
  chexpert: {
    name: 'chexpert',
    title: 'CheXpert (small) with the 5x200 split',
    unit: 'random training studies (plus the 5x200 pools: count/20 per class; valid: a fifth as many)',
    async write(store, p) {
      const t = await writeChexpert(store, { seed: p.seed, train: p.count, valid: split(p.count, 0.2), size: p.size, perClass: Math.max(1, Math.min(200, Math.floor(p.count / 20))) });
      return { train: t.train.length, valid: t.valid.length, '5x200': t.split5x200.length };
    },
    async check(store) {
      const train = await loadChexpert(store, 'train');
      const valid = await loadChexpert(store, 'valid');
      const counts: Record<string, number> = { train: train.length, valid: valid.length };
      if (await store.exists(CHEXPERT_5X200_FILE)) counts['5x200'] = (await read5x200(store, CHEXPERT_5X200_FILE)).length;
      return { counts, images: [...train, ...valid].map((r) => ({ name: r.path, path: r.file })), problems: [] };
    },
  },
  rsna: {
    name: 'rsna',
    title: 'RSNA Pneumonia Detection (DICOM, boxes)',
    unit: 'images',
    async write(store, p) {
      const t = await writeRsna(store, { seed: p.seed, count: p.count, size: p.size });
      return { images: t.length, positive: t.filter((r) => r.target === 1).length };
    },
    async check(store) {
      const recs = await loadRsna(store, { requireImages: false });
      return {
        counts: { images: recs.length, positive: recs.filter((r) => r.target === 1).length, boxes: recs.reduce((n, r) => n + r.boxes.length, 0) },
        images: recs.map((r) => ({ name: r.patientId, path: r.path })),
        problems: [],
      };
    },
  },
  siim: {
    name: 'siim',
    title: 'SIIM-ACR Pneumothorax (DICOM, RLE masks)',
    unit: 'images',
    async write(store, p) {
      const t = await writeSiim(store, { seed: p.seed, count: p.count, size: p.size });
      return { images: t.length, positive: t.filter((r) => r.rles.length > 0).length };
    },
    async check(store) {
      const recs = await loadSiim(store, { requireImages: false });
      return {
        counts: { images: recs.length, pneumothorax: recs.filter((r) => r.pneumothorax).length },
        images: recs.map((r) => ({ name: r.imageId, path: r.path })),
        problems: [],
      };
    },
  },
  covidx: {
    name: 'covidx',
    title: 'COVIDx (train/test lists)',
    unit: 'training images (test: a quarter as many)',
    async write(store, p) {
      const t = await writeCovidx(store, { seed: p.seed, train: p.count, test: split(p.count, 0.25), size: p.size });
      return { train: t.train.length, test: t.test.length };
    },
    async check(store) {
      const train = await loadCovidx(store, 'train');
      const test = await loadCovidx(store, 'test');
      return { counts: { train: train.length, test: test.length }, images: [...train, ...test].map((r) => ({ name: r.fileName, path: r.path })), problems: [] };
    },
  },
  nih: {
    name: 'nih',
    title: 'NIH ChestX-ray14 (labels, boxes, split lists)',
    unit: 'patients',
    async write(store, p) {
      const t = await writeNih(store, { seed: p.seed, patients: p.count, size: p.size });
      return { images: t.length };
    },
    async check(store) {
      const recs = await loadNih(store);
      return {
        counts: { images: recs.length, 'with findings': recs.filter((r) => r.labels.length > 0).length, boxes: recs.reduce((n, r) => n + r.boxes.length, 0), 'in no split list': recs.filter((r) => r.split === null).length },
        images: recs.map((r) => ({ name: r.imageIndex, path: r.path })),
        problems: [],
      };
    },
  },
};
