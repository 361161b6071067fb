import { ConfigError } from '../../errors.js';
import { encodeJpeg } from '../../images/index.js';
import { type Chexpert5x200Entry, build5x200, write5x200 } from '../../layouts/chexpert.js';
import { CHEXPERT_5X200, CHEXPERT_LABELS, type RawLabel, formatRawLabel } from '../../layouts/chexpert-labels.js';
import type { ChexpertRecord } from '../../layouts/chexpert.js';
import { formatCsv } from '../../layouts/csv.js';
import { type FileStore, writeText } from '../../layouts/file-store.js';
import { SeededRandom, deriveSeed } from '../../layouts/seeded-random.js';
import type { FindingKind } from '../spec.js';
import { generateStudy } from '../study.js';

export interface ChexpertWriteOptions {
  seed: number;
  /** Random training studies (besides the ones drawn for the 5x200 pools). */
  train: number;
  valid: number;
  size: number;
  /** Images per class in the 5x200 split (200 in the protocol; smaller for tests). */
  perClass?: number;
  jpegQuality?: number;
}

export interface ChexpertTruth {
  train: ChexpertRecord[];
  valid: ChexpertRecord[];
  split5x200: Chexpert5x200Entry[];
}

const KIND_OF: Record<(typeof CHEXPERT_5X200)[number], FindingKind> = {
  Atelectasis: 'atelectasis',
  Cardiomegaly: 'cardiomegaly',
  Consolidation: 'consolidation',
  Edema: 'edema',
  'Pleural Effusion': 'effusion',
};

export const CHEXPERT_ROOT = 'CheXpert-v1.0-small';
export const CHEXPERT_5X200_FILE = 'chexpert_5x200.csv';

/**
 * A CheXpert-like data set: train.csv / valid.csv with images under train/ and valid/
 * (Paths prefixed "CheXpert-v1.0-small/" as published), and a 5x200 split file built
 * from train.csv with the seed. Each class pool gets `perClass` studies with that
 * finding forced and the other four excluded, so the subset can always be drawn.
 */
export async function writeChexpert(store: FileStore, o: ChexpertWriteOptions): Promise<ChexpertTruth> {
  const perClass = o.perClass ?? 200;
  const header = ['Path', 'Sex', 'Age', 'Frontal/Lateral', 'AP/PA', ...CHEXPERT_LABELS];
  const truth: ChexpertTruth = { train: [], valid: [], split5x200: [] };
  let patient = 0;
  const make = async (split: 'train' | 'valid', seed: number, include?: FindingKind, exclude?: FindingKind[]): Promise<RawLabel[]> => {
    patient++;
    const study = generateStudy(seed, { size: o.size, sample: include ? { include: [include], exclude } : undefined });
    const a = study.spec.anatomy;
    const file = `${split}/patient${String(patient).padStart(5, '0')}/study1/view1_frontal.jpg`;
    await store.write(file, encodeJpeg(study.image, o.size, o.size, { quality: o.jpegQuality ?? 92 }));
    // valid.csv holds radiologist consensus: no uncertain or blank values.
    const labels: RawLabel[] = split === 'valid' ? study.labels.map((v) => (v === 1 || v === -1 ? 1 : 0)) : study.labels;
    const rec: ChexpertRecord = {
      path: `${CHEXPERT_ROOT}/${file}`,
      file,
      patient: `patient${String(patient).padStart(5, '0')}`,
      study: 'study1',
      sex: a.sex === 'M' ? 'Male' : 'Female',
      age: a.age,
      view: 'Frontal',
      projection: a.projection,
      labels,
    };
    truth[split].push(rec);
    return labels;
  };
  const rng = new SeededRandom(deriveSeed(o.seed, 'chexpert'));
  for (let i = 0; i < o.train; i++) await make('train', deriveSeed(o.seed, 'train', i));
  if (!Number.isInteger(perClass) || perClass < 1) throw new ConfigError(`writeChexpert: perClass must be an integer of at least 1, got ${perClass}`);
  const cols = CHEXPERT_5X200.map((c) => CHEXPERT_LABELS.indexOf(c));
  for (const cls of CHEXPERT_5X200) {
    const others = CHEXPERT_5X200.filter((c) => c !== cls).map((c) => KIND_OF[c]);
    const col = CHEXPERT_LABELS.indexOf(cls);
    // A hedged report makes a study ineligible for the 5x200 split (build5x200), so draw
    // at least 1.6 × perClass and then more until perClass are eligible.
    const limit = 20 * perClass + 20;
    let eligible = 0;
    for (let i = 0; i < Math.ceil(perClass * 1.6) || eligible < perClass; i++) {
      if (i >= limit) throw new ConfigError(`writeChexpert: only ${eligible} of ${limit} generated ${cls} studies are eligible for the 5x200 split (perClass ${perClass})`);
      const labels = await make('train', deriveSeed(o.seed, cls, i), KIND_OF[cls], others);
      if (cols.every((c) => (c === col ? labels[c] === 1 : labels[c] !== 1 && labels[c] !== -1))) eligible++;
    }
  }
  for (let i = 0; i < o.valid; i++) await make('valid', deriveSeed(o.seed, 'valid', i));
  const rows = (recs: ChexpertRecord[]) =>
    recs.map((r) => [r.path, r.sex, r.age, r.view, r.projection ?? '', ...r.labels.map(formatRawLabel)]);
  rng.shuffle(truth.train);
  await writeText(store, 'train.csv', formatCsv(header, rows(truth.train)));
  await writeText(store, 'valid.csv', formatCsv(header, rows(truth.valid)));
  truth.split5x200 = build5x200(truth.train, o.seed, perClass);
  await write5x200(store, CHEXPERT_5X200_FILE, truth.split5x200);
  return truth;
}
