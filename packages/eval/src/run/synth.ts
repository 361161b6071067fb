/**
 * The evaluation data tree on SynthCXR, in the layout `runEvaluation` reads:
 *   <dataDir>/chexpert  CheXpert-like (train.csv, valid.csv, chexpert_5x200.csv)
 *   <dataDir>/covidx    COVIDx-like (train.txt, test.txt)
 *   <dataDir>/mimic     MIMIC-CXR-like (reports for retrieval and the heatmaps)
 *   <dataDir>/siim      SIIM-like pneumothorax masks (train-rle.csv + DICOMs)
 *   <dataDir>/rsna      RSNA-like opacity boxes (stage_2_train_labels.csv + DICOMs)
 * Sizes are small by default so a run fits minutes on a CPU; a part with count 0 (or
 * `mimicSubjects: 0`) is not written, and the task that needs it is skipped.
 */
import { nodeDirectory, writeChexpert, writeCovidx, writeMimicCxr, writeRsna, writeSiim } from '@prior/datasets';

export interface EvalSynthOptions {
  seed?: number;
  /** Rendered side (SynthCXR: 64..512); default 64. */
  size?: number;
  /** `perClass`: images per class of the 5×200-style split (at least 1). */
  chexpert?: { train: number; valid: number; perClass: number };
  covidx?: { train: number; test: number };
  /**
   * MIMIC patients, all in the held-out splits (validate + test) that retrieval and the
   * heatmaps read: this tree is only evaluated, never pre-trained on.
   */
  mimicSubjects?: number;
  /** SIIM-like images (segmentation); `positiveFraction` of them with a pneumothorax. */
  siim?: { count: number; positiveFraction?: number };
  /** RSNA-like images (segmentation of the box masks, and detection). */
  rsna?: { count: number; positiveFraction?: number };
}

export const EVAL_SYNTH_DEFAULTS = {
  seed: 7,
  size: 64,
  // Sized so that 1% of the labels is still a sample (10 CheXpert studies, 6 COVIDx
  // images, 7 SIIM/RSNA images) and the test sets give intervals a few points wide.
  chexpert: { train: 1000, valid: 200, perClass: 40 },
  covidx: { train: 600, test: 150 },
  mimicSubjects: 600,
  // Half positive (SIIM has ~22%, RSNA ~30%): small sets still hold lesions at 1% labels.
  siim: { count: 1000, positiveFraction: 0.5 },
  rsna: { count: 1000, positiveFraction: 0.5 },
} as const;

/** Smaller parts for smoke runs (`prior demo --quick`, tests). */
export const EVAL_SYNTH_QUICK = {
  chexpert: { train: 60, valid: 20, perClass: 8 },
  covidx: { train: 45, test: 15 },
  mimicSubjects: 80,
  siim: { count: 30, positiveFraction: 0.5 },
  rsna: { count: 30, positiveFraction: 0.5 },
} as const satisfies EvalSynthOptions;

function check(cond: boolean, option: string, expected: string, got: unknown): void {
  if (!cond) throw new RangeError(`writeEvalSynthCxr: ${option} must be ${expected}, got ${JSON.stringify(got)}`);
}

const isCount = (v: unknown, min = 0) => Number.isInteger(v) && (v as number) >= min;

export async function writeEvalSynthCxr(dataDir: string, opts: EvalSynthOptions = {}): Promise<void> {
  const o = { ...EVAL_SYNTH_DEFAULTS, ...opts };
  check(isCount(o.size, 64) && o.size <= 512, 'size', 'an integer from 64 to 512 (SynthCXR renders 64..512 px)', o.size);
  check(isCount(o.chexpert.train) && isCount(o.chexpert.valid), 'chexpert.train and chexpert.valid', 'non-negative integers', o.chexpert);
  check(isCount(o.chexpert.perClass, 1), 'chexpert.perClass', 'an integer of at least 1 (images per class of the 5x200 split)', o.chexpert.perClass);
  check(isCount(o.covidx.train) && isCount(o.covidx.test), 'covidx.train and covidx.test', 'non-negative integers', o.covidx);
  check(isCount(o.mimicSubjects), 'mimicSubjects', 'a non-negative integer', o.mimicSubjects);
  // Dense tasks split one labelled file three ways (train / val / test), stratified.
  for (const k of ['siim', 'rsna'] as const) {
    const part = o[k];
    check(isCount(part.count) && (part.count === 0 || part.count >= 10), `${k}.count`, '0 (not written) or at least 10 (train, validation and test parts)', part.count);
    const p = part.positiveFraction ?? 0.5;
    check(p > 0 && p < 1, `${k}.positiveFraction`, 'a number in (0, 1)', p);
  }
  const root = dataDir.replace(/\/+$/, '');
  await writeChexpert(nodeDirectory(`${root}/chexpert`), { seed: o.seed, size: o.size, ...o.chexpert });
  await writeCovidx(nodeDirectory(`${root}/covidx`), { seed: o.seed + 1, size: o.size, ...o.covidx });
  if (o.mimicSubjects > 0) await writeMimicCxr(nodeDirectory(`${root}/mimic`), { seed: o.seed + 2, size: o.size, subjects: o.mimicSubjects, heldOutFraction: 1 });
  if (o.siim.count > 0) await writeSiim(nodeDirectory(`${root}/siim`), { seed: o.seed + 3, size: o.size, count: o.siim.count, positiveFraction: o.siim.positiveFraction ?? 0.5 });
  if (o.rsna.count > 0) await writeRsna(nodeDirectory(`${root}/rsna`), { seed: o.seed + 4, size: o.size, count: o.rsna.count, positiveFraction: o.rsna.positiveFraction ?? 0.5 });
}
