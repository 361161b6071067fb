/**
 * The downstream data sets as task inputs, read from the published layouts (real data or
 * SynthCXR written by @prior/datasets):
 *   chexpertClassification: CheXpert train.csv minus the 5×200 images, a stratified
 *     validation part held out of it for early stopping, valid.csv as the test set;
 *     multi-label over the five competition classes, uncertain labels as positive (U-Ones).
 *   covidxClassification: COVIDx train.txt (minus a stratified validation part) and
 *     test.txt; multi-class over normal / pneumonia / COVID-19.
 *   chexpert5x200: the 5×200 split file (zero-shot classification).
 *   mimicRetrieval: a 5×200-style set from a MIMIC-CXR tree's held-out studies: images
 *     with exactly one of the five classes positive (none uncertain) and their reports
 *     (the CheXpert layout has no reports, so retrieval candidates come from here).
 */
import {
  CHEXPERT_5X200, CHEXPERT_LABELS, COVIDX_CLASSES, CHEXPERT_5X200_FILE, type FileSource, type FileStore, SeededRandom,
  type UncertaintyPolicy, applyUncertainty, labelFraction, loadChexpert, loadCovidx, loadMimicCxr, MIMIC_CHEXPERT, MIMIC_SPLIT, pairMimicReports, read5x200, toStore,
} from '@prior/datasets';

export interface LabeledImage {
  /** Stable id (the image path) for split files and fraction draws. */
  id: string;
  /** Relative to the data set's store. */
  path: string;
  /** Multi-label: one 0/1 per class; multi-class: the class index. */
  label: number[] | number;
}

export interface ClassificationData {
  name: string;
  kind: 'multi-label' | 'multi-class';
  classNames: string[];
  store: FileStore;
  /** The list/split files that define the examples (fingerprinted into the results). */
  files: string[];
  train: LabeledImage[];
  val: LabeledImage[];
  test: LabeledImage[];
}

export interface SplitOptions {
  /** Fraction of the training file held out for early stopping; default 0.1. */
  valFraction?: number;
  /** Seed of the validation draw (fixed across runs so every method sees the same split); default 0. */
  seed?: number;
}

/** The stratum of an example: its class, or its label combination. */
export const stratumOf = (x: LabeledImage): string => (typeof x.label === 'number' ? String(x.label) : x.label.join(''));

/** A stratified validation part of `items` and the rest. */
export function holdOut(items: readonly LabeledImage[], fraction: number, seed: number): { train: LabeledImage[]; val: LabeledImage[] } {
  const val = labelFraction(items, { fraction, seed, id: (x) => x.id, stratum: stratumOf });
  const ids = new Set(val.map((v) => v.id));
  return { train: items.filter((x) => !ids.has(x.id)), val };
}

/** A label-fraction subset of the training examples, stratified like the datasets package's split files. */
export function fractionOf(items: readonly LabeledImage[], fraction: number, seed: number): LabeledImage[] {
  return fraction >= 1 ? [...items] : labelFraction(items, { fraction, seed, id: (x) => x.id, stratum: stratumOf });
}

export async function chexpertClassification(
  source: FileSource,
  opts: SplitOptions & { classes?: readonly string[]; uncertainty?: UncertaintyPolicy; exclude5x200?: boolean } = {},
): Promise<ClassificationData> {
  const store = toStore(source);
  const classes = [...(opts.classes ?? CHEXPERT_5X200)];
  const cols = classes.map((c) => {
    const i = (CHEXPERT_LABELS as readonly string[]).indexOf(c);
    if (i < 0) throw new RangeError(`chexpertClassification: unknown class ${JSON.stringify(c)}`);
    return i;
  });
  const policy = opts.uncertainty ?? 'ones';
  const excluded = new Set<string>();
  if ((opts.exclude5x200 ?? true) && (await store.exists(CHEXPERT_5X200_FILE))) for (const e of await read5x200(store, CHEXPERT_5X200_FILE)) excluded.add(e.path);
  const toItems = (recs: Awaited<ReturnType<typeof loadChexpert>>) =>
    recs
      .filter((r) => r.view === 'Frontal' && !excluded.has(r.path))
      .map((r) => {
        const t = applyUncertainty(r.labels, policy);
        return { id: r.path, path: r.file, label: cols.map((c) => t.values[c]) };
      });
  const { train, val } = holdOut(toItems(await loadChexpert(store, 'train')), opts.valFraction ?? 0.1, opts.seed ?? 0);
  return { name: 'CheXpert', kind: 'multi-label', classNames: classes, store, files: ['train.csv', 'valid.csv'], train, val, test: toItems(await loadChexpert(store, 'valid')) };
}

export async function covidxClassification(source: FileSource, opts: SplitOptions = {}): Promise<ClassificationData> {
  const store = toStore(source);
  const classNames: string[] = [...COVIDX_CLASSES];
  const toItems = (recs: Awaited<ReturnType<typeof loadCovidx>>) =>
    recs.map((r) => {
      const k = classNames.indexOf(r.label);
      if (k < 0) throw new RangeError(`covidxClassification: ${r.path} has class ${JSON.stringify(r.label)}, expected one of ${classNames.join(', ')}`);
      return { id: r.path, path: r.path, label: k };
    });
  const { train, val } = holdOut(toItems(await loadCovidx(store, 'train')), opts.valFraction ?? 0.1, opts.seed ?? 0);
  return { name: 'COVIDx', kind: 'multi-class', classNames, store, files: ['train.txt', 'test.txt'], train, val, test: toItems(await loadCovidx(store, 'test')) };
}

export interface ClassImage {
  path: string;
  label: number;
}

export interface ZeroShotData {
  name: string;
  classNames: string[];
  store: FileStore;
  /** The list/split files that define the examples (fingerprinted into the results). */
  files: string[];
  images: ClassImage[];
}

export async function chexpert5x200(source: FileSource, file = CHEXPERT_5X200_FILE): Promise<ZeroShotData> {
  const store = toStore(source);
  const entries = await read5x200(store, file);
  return {
    name: 'CheXpert 5x200',
    classNames: [...CHEXPERT_5X200],
    store,
    files: [file],
    images: entries.map((e) => ({ path: e.path.replace(/^CheXpert-v1\.0[^/]*\//, ''), label: e.label })),
  };
}

export interface RetrievalData extends ZeroShotData {
  /** Candidate texts as sentence lists, with their class (relevant = same class as the image). */
  candidates: { id: string; sentences: string[]; label: number }[];
  /** How the set was chosen, for error messages (e.g. which studies qualify). */
  selection?: string;
}

/**
 * Studies of a MIMIC-CXR tree in `splits` (default the held-out validate and test) with
 * exactly one of the five classes positive, `perClass` of each drawn with the seed (all
 * when fewer), each as an image and its FINDINGS + IMPRESSION report.
 */
export async function mimicRetrieval(source: FileSource, opts: { perClass?: number; seed?: number; splits?: readonly string[] } = {}): Promise<RetrievalData> {
  const store = toStore(source);
  const splits = new Set(opts.splits ?? ['validate', 'test']);
  const cols = CHEXPERT_5X200.map((c) => CHEXPERT_LABELS.indexOf(c));
  const studies = (await loadMimicCxr(store)).filter((s) => splits.has(s.split) && s.images.length > 0);
  const { pairs } = await pairMimicReports(store, studies, { minSentences: 1 });
  const pools: (typeof pairs)[] = CHEXPERT_5X200.map(() => []);
  for (const p of pairs) {
    const pos = cols.filter((c) => p.study.labels[c] === 1);
    if (pos.length === 1 && !cols.some((c) => p.study.labels[c] === -1)) pools[cols.indexOf(pos[0])].push(p);
  }
  const rng = new SeededRandom(opts.seed ?? 0);
  const chosen = pools.flatMap((pool, k) => {
    const sorted = [...pool].sort((a, b) => (a.study.studyId < b.study.studyId ? -1 : 1));
    return rng.shuffle(sorted).slice(0, opts.perClass ?? 200).map((p) => ({ p, k }));
  });
  return {
    name: 'MIMIC 5x200',
    classNames: [...CHEXPERT_5X200],
    store,
    files: [MIMIC_SPLIT, MIMIC_CHEXPERT],
    images: chosen.map(({ p, k }) => ({ path: p.study.images[0].path, label: k })),
    candidates: chosen.map(({ p, k }) => ({ id: p.study.studyId, sentences: p.sentences, label: k })),
    selection: `MIMIC-CXR studies in split(s) ${[...splits].join(', ')} with an image, a report and exactly one of ${CHEXPERT_5X200.join(', ')} positive and none uncertain; ${studies.length} studies are in those splits`,
  };
}
