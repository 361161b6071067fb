/**
 * PRIOR's image–report pairs from a MIMIC-CXR-layout tree (real or SynthCXR): frontal
 * (PA/AP) images, FINDINGS + IMPRESSION split into sentences, studies with fewer than
 * `minSentences` dropped, restricted to some of the official splits.
 */
import { type FileSource, type MimicPair, loadMimicCxr, pairMimicReports } from '@prior/datasets';

export interface PairsOptions {
  minSentences: number;
  /** Official splits kept (MIMIC's train / validate / test); default ['train']. */
  splits?: readonly string[];
}

export interface LoadedPairs {
  pairs: MimicPair[];
  /** Studies dropped for too few sentences (in the kept splits). */
  tooShort: number;
  /** Studies without a report file (in the kept splits). */
  missingReports: number;
}

export async function loadPretrainingPairs(source: FileSource, opts: PairsOptions): Promise<LoadedPairs> {
  const splits = new Set(opts.splits ?? ['train']);
  const studies = (await loadMimicCxr(source)).filter((s) => splits.has(s.split) && s.images.length > 0);
  const r = await pairMimicReports(source, studies, { minSentences: opts.minSentences });
  return { pairs: r.pairs, tooShort: r.tooShort, missingReports: r.missingReports };
}
