/**
 * A SynthCXR tree in the MIMIC-CXR layout, generated once and reused: a marker file
 * written after everything else records the options, so an interrupted generation (no
 * marker) or one with other options is redone rather than half-used.
 */
import { type MimicTruthStudy, nodeDirectory, writeMimicCxr } from '@prior/datasets';

export interface SynthCxrOptions {
  /** Patients; each has 1–3 studies (about 1.5 on average). */
  subjects: number;
  /** Image side in pixels (SynthCXR renders 64 to 512). */
  size: number;
  seed: number;
}

export const SYNTH_MARKER = 'synthcxr.json';

export interface EnsureResult {
  /** True when this call wrote the tree, false when a matching one was already there. */
  generated: boolean;
  /** Studies written (only when generated). */
  studies?: MimicTruthStudy[];
}

/** Writes SynthCXR in the MIMIC-CXR layout under `dir` unless a tree with the same options is there. */
export async function ensureSynthCxr(dir: string, opts: SynthCxrOptions): Promise<EnsureResult> {
  const fs = await import('node:fs/promises');
  const marker = `${dir.replace(/\/+$/, '')}/${SYNTH_MARKER}`;
  const want = { format: 'synthcxr-mimic/1', subjects: opts.subjects, size: opts.size, seed: opts.seed };
  try {
    const have = JSON.parse(await fs.readFile(marker, 'utf8')) as Record<string, unknown>;
    if (Object.entries(want).every(([k, v]) => have[k] === v)) return { generated: false };
  } catch {
    /* no marker (or unreadable): generate */
  }
  await fs.rm(marker, { force: true });
  await fs.mkdir(dir, { recursive: true });
  const studies = await writeMimicCxr(nodeDirectory(dir), { seed: opts.seed, subjects: opts.subjects, size: opts.size });
  await fs.writeFile(marker, `${JSON.stringify({ ...want, studies: studies.length }, null, 2)}\n`);
  return { generated: true, studies };
}
