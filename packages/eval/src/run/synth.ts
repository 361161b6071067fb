/**
 * The evaluation data tree on SynthCXR, in the layout `runEvaluation` reads:
 *   <dataDir>/chexpert  CheXpert-like (train.csv, valid.csv, chexpert_5x200.csv)
 *   <dataDir>/covidx    COVIDx-like (train.txt, test.txt)
 *   <dataDir>/mimic     MIMIC-CXR-like (reports for retrieval)
 * Sizes are small by default so a run fits minutes on a CPU.
 */
import { nodeDirectory, writeChexpert, writeCovidx, writeMimicCxr } from '@prior/datasets';

export interface EvalSynthOptions {
  seed?: number;
  /** Rendered side (SynthCXR: 64..512); default 64. */
  size?: number;
  chexpert?: { train: number; valid: number; perClass: number };
  covidx?: { train: number; test: number };
  /** MIMIC patients; about 10% are held out (validate + test), which retrieval uses. */
  mimicSubjects?: number;
}

export const EVAL_SYNTH_DEFAULTS = {
  seed: 7,
  size: 64,
  chexpert: { train: 200, valid: 60, perClass: 20 },
  covidx: { train: 150, test: 60 },
  mimicSubjects: 600,
} as const;

export async function writeEvalSynthCxr(dataDir: string, opts: EvalSynthOptions = {}): Promise<void> {
  const o = { ...EVAL_SYNTH_DEFAULTS, ...opts };
  const root = dataDir.replace(/\/+$/, '');
  await writeChexpert(nodeDirectory(`${root}/chexpert`), { seed: o.seed, size: o.size, ...o.chexpert });
  await writeCovidx(nodeDirectory(`${root}/covidx`), { seed: o.seed + 1, size: o.size, ...o.covidx });
  await writeMimicCxr(nodeDirectory(`${root}/mimic`), { seed: o.seed + 2, size: o.size, subjects: o.mimicSubjects });
}
