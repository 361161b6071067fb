import type { Box } from '../layouts/box.js';
import type { RawLabel } from '../layouts/chexpert-labels.js';
import { SeededRandom, deriveSeed } from '../layouts/seeded-random.js';
import { renderStudy } from './render.js';
import { type SynthReport, writeReport } from './report.js';
import { type Anatomy, type Finding, type SampleOptions, type StudySpec, sampleAnatomy, sampleFindings } from './spec.js';

/** A generated study: image, report, CheXpert-style labels, masks and boxes. */
export interface SynthStudy {
  spec: StudySpec;
  size: number;
  image: Float32Array;
  report: SynthReport;
  labels: RawLabel[];
  /** One mask per spec finding (image pixels, 0/1). */
  findingMasks: Uint8Array[];
  /** Union of pneumothorax masks (SIIM-style segmentation target). */
  pneumothoraxMask: Uint8Array;
  /** Union of the opacity masks: consolidation, atelectasis, edema, nodule, effusion. */
  opacityMask: Uint8Array;
  /** Pneumonia boxes (one per consolidation), RSNA-style, in image pixels. */
  pneumoniaBoxes: Box[];
}

export interface StudyOptions {
  size: number;
  /** The patient's previous study, for comparison statements. */
  prior?: StudySpec;
  /** Impression-only report (fewer than 4 sentences). */
  short?: boolean;
}

/** Renders and reports a spec. */
export function buildStudy(spec: StudySpec, opts: StudyOptions): SynthStudy {
  const r = renderStudy(spec, opts.size);
  const report = writeReport(spec, { prior: opts.prior, short: opts.short });
  const n = r.size * r.size;
  const pneumothoraxMask = new Uint8Array(n);
  const opacityMask = new Uint8Array(n);
  spec.findings.forEach((f, i) => {
    const target = f.kind === 'pneumothorax' ? pneumothoraxMask : ['consolidation', 'atelectasis', 'edema', 'nodule', 'effusion'].includes(f.kind) ? opacityMask : null;
    if (target) for (let k = 0; k < n; k++) target[k] |= r.masks[i][k];
  });
  return {
    spec,
    size: r.size,
    image: r.image,
    report,
    labels: report.labels,
    findingMasks: r.masks,
    pneumothoraxMask,
    opacityMask,
    pneumoniaBoxes: r.boxes.flat(),
  };
}

/** A new study of a known patient: same body, new positioning, exposure and findings. */
export function followUpAnatomy(base: Anatomy, rng: SeededRandom): Anatomy {
  const fresh = sampleAnatomy(rng);
  return {
    ...base,
    projection: fresh.projection,
    rotation: fresh.rotation,
    shiftU: fresh.shiftU,
    shiftV: fresh.shiftV,
    zoom: fresh.zoom,
    exposure: fresh.exposure,
    gamma: fresh.gamma,
    noise: fresh.noise,
    blur: fresh.blur,
    textureSeed: fresh.textureSeed,
  };
}

/**
 * The studies of one patient over time: findings persist, change severity or resolve,
 * and new ones appear, so comparison statements have something to compare.
 */
export function sampleSubject(seed: number, studies: number, opts: SampleOptions = {}): StudySpec[] {
  const rng = new SeededRandom(deriveSeed(seed, 'subject'));
  const anatomy = sampleAnatomy(rng);
  const out: StudySpec[] = [];
  for (let j = 0; j < studies; j++) {
    const sub = SeededRandom.derive(seed, 'study', j);
    const a = j === 0 ? anatomy : followUpAnatomy(anatomy, sub);
    let findings: Finding[] = sampleFindings(sub, opts);
    if (j > 0) {
      const kept = out[j - 1].findings
        .filter(() => sub.chance(0.6))
        .map((f) => ('severity' in f && sub.chance(0.4) ? { ...f, severity: Math.max(1, Math.min(3, f.severity + (sub.chance(0.5) ? 1 : -1))) as 1 | 2 | 3 } : f));
      const kinds = new Set(kept.map((f) => f.kind));
      findings = [...kept, ...findings.filter((f) => !kinds.has(f.kind))];
    }
    out.push({ anatomy: a, findings, reportSeed: sub.int(2 ** 31) });
  }
  return out;
}

/** One study from a seed (fresh patient). */
export function generateStudy(seed: number, opts: StudyOptions & { sample?: SampleOptions }): SynthStudy {
  const rng = new SeededRandom(seed);
  const spec: StudySpec = { anatomy: sampleAnatomy(rng), findings: sampleFindings(rng, opts.sample), reportSeed: rng.int(2 ** 31) };
  return buildStudy(spec, opts);
}
