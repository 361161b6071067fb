import { SeededRandom } from '../layouts/seeded-random.js';

/**
 * What a SynthCXR study is, before any pixel is drawn: anatomy and acquisition of one
 * patient and the findings present. Rendering and report writing are pure functions of
 * this, so a test can remove one finding and re-render the same patient without it.
 * Lengths are fractions of the image side; u grows to the image's right (the patient's
 * left), v grows downward.
 */
export interface Anatomy {
  sex: 'M' | 'F';
  age: number;
  projection: 'PA' | 'AP';
  /** Half-width of the rib cage at the bases. */
  chestHalfWidth: number;
  apexV: number;
  /** Height of the costophrenic angles (lowest lung points), right and left. */
  baseV: [number, number];
  /** How far the diaphragm domes rise above the costophrenic angles. */
  domeRise: number;
  mediastinumHalfWidth: number;
  /** Heart ellipse: centre and radii. */
  heart: { cu: number; cv: number; ru: number; rv: number };
  carinaV: number;
  clavicleV: number;
  ribSpacing: number;
  ribPhase: number;
  softTissue: number;
  /** Whole-image positioning: rotation (radians), shift and zoom. */
  rotation: number;
  shiftU: number;
  shiftV: number;
  zoom: number;
  /** Exposure: global gain on attenuation, gamma, noise and blur. */
  exposure: number;
  gamma: number;
  noise: number;
  blur: number;
  /** Seeds for the lung markings and the texture/noise, fixed per patient. */
  vesselSeed: number;
  textureSeed: number;
}

export type Side = 'right' | 'left' | 'bilateral';
export type Zone = 'upper' | 'middle' | 'lower';
export type DeviceType = 'ett' | 'enteric' | 'central-line' | 'pacemaker';

export type Finding =
  | { kind: 'cardiomegaly'; severity: 1 | 2 | 3; certain: boolean }
  | { kind: 'effusion'; side: Side; severity: 1 | 2 | 3; certain: boolean }
  | { kind: 'pneumothorax'; side: 'right' | 'left'; severity: 1 | 2 | 3; certain: boolean }
  | { kind: 'consolidation'; side: 'right' | 'left'; zone: Zone; severity: 1 | 2 | 3; certain: boolean; pneumonia: 'yes' | 'possible' | 'unstated'; seed: number }
  | { kind: 'atelectasis'; side: Side; severity: 1 | 2 | 3; certain: boolean; tilt: number; seed: number }
  | { kind: 'edema'; severity: 1 | 2 | 3; certain: boolean }
  | { kind: 'nodule'; side: 'right' | 'left'; zone: Zone; u: number; v: number; radius: number; certain: boolean }
  | { kind: 'device'; device: DeviceType; seed: number };

export type FindingKind = Finding['kind'];

export const FINDING_KINDS: readonly FindingKind[] = [
  'cardiomegaly', 'effusion', 'pneumothorax', 'consolidation', 'atelectasis', 'edema', 'nodule', 'device',
];

export interface StudySpec {
  anatomy: Anatomy;
  findings: Finding[];
  /** Seed of the report's wording (synonyms, order). */
  reportSeed: number;
}

/** Per-finding probabilities of appearing in a study (independently, then made consistent). */
export type Prevalence = Record<FindingKind, number>;

export const DEFAULT_PREVALENCE: Prevalence = {
  cardiomegaly: 0.22,
  effusion: 0.22,
  pneumothorax: 0.12,
  consolidation: 0.2,
  atelectasis: 0.2,
  edema: 0.14,
  nodule: 0.08,
  device: 0.18,
};

export interface SampleOptions {
  prevalence?: Partial<Prevalence>;
  /** Findings that must be present / absent regardless of prevalence. */
  include?: readonly FindingKind[];
  exclude?: readonly FindingKind[];
  /** Severity/side constraints for forced findings are drawn as usual. */
}

export function sampleAnatomy(rng: SeededRandom): Anatomy {
  const sex = rng.chance(0.5) ? 'M' : 'F';
  const projection = rng.chance(0.7) ? 'PA' : 'AP';
  const chestHalfWidth = rng.uniform(0.34, 0.4);
  const baseR = rng.uniform(0.7, 0.78);
  // AP films magnify the heart; its width varies so that normal and mildly enlarged overlap.
  const ru = chestHalfWidth * rng.uniform(0.36, 0.46) * (projection === 'AP' ? 1.05 : 1);
  return {
    sex,
    age: 20 + rng.int(70),
    projection,
    chestHalfWidth,
    apexV: rng.uniform(0.13, 0.18),
    baseV: [baseR, baseR + rng.uniform(0.0, 0.03)],
    domeRise: rng.uniform(0.04, 0.07),
    mediastinumHalfWidth: rng.uniform(0.045, 0.06),
    heart: { cu: 0.5 + rng.uniform(0.035, 0.06), cv: baseR - rng.uniform(0.09, 0.115), ru, rv: ru * rng.uniform(0.72, 0.85) },
    carinaV: rng.uniform(0.34, 0.38),
    clavicleV: rng.uniform(0.17, 0.21) - (projection === 'AP' ? 0.02 : 0),
    ribSpacing: rng.uniform(0.058, 0.068),
    ribPhase: rng.uniform(0, 1),
    softTissue: rng.uniform(0.9, 1.1),
    rotation: rng.normal() * 0.03,
    shiftU: rng.normal() * 0.015,
    shiftV: rng.normal() * 0.015,
    zoom: rng.uniform(0.95, 1.06),
    exposure: rng.uniform(0.85, 1.15),
    gamma: rng.uniform(0.85, 1.15),
    noise: rng.uniform(0.008, 0.025),
    blur: rng.uniform(0.6, 1.3),
    vesselSeed: rng.int(2 ** 31),
    textureSeed: rng.int(2 ** 31),
  };
}

const sev = (rng: SeededRandom): 1 | 2 | 3 => (1 + Math.min(2, Math.floor(rng.next() * rng.next() * 3.6))) as 1 | 2 | 3;
const lr = (rng: SeededRandom): 'right' | 'left' => (rng.chance(0.5) ? 'right' : 'left');

/** Draws one finding of a kind (its side, severity, place and whether the report hedges). */
export function sampleFinding(kind: FindingKind, rng: SeededRandom): Finding {
  const severity = sev(rng);
  const hedge = () => severity === 1 && rng.chance(0.35);
  switch (kind) {
    case 'cardiomegaly':
      return { kind, severity, certain: !hedge() };
    case 'effusion':
      return { kind, side: rng.chance(0.3) ? 'bilateral' : lr(rng), severity, certain: !hedge() };
    case 'pneumothorax':
      return { kind, side: lr(rng), severity, certain: !hedge() };
    case 'consolidation': {
      const certain = !hedge();
      const pneumonia = !certain ? 'possible' : rng.pick(['yes', 'possible', 'unstated'] as const);
      return { kind, side: lr(rng), zone: rng.pick(['upper', 'middle', 'lower', 'lower'] as const), severity, certain, pneumonia, seed: rng.int(2 ** 31) };
    }
    case 'atelectasis':
      return { kind, side: rng.chance(0.3) ? 'bilateral' : lr(rng), severity, certain: !hedge(), tilt: rng.uniform(-0.25, 0.25), seed: rng.int(2 ** 31) };
    case 'edema':
      return { kind, severity, certain: !hedge() };
    case 'nodule': {
      const zone = rng.pick(['upper', 'middle', 'lower'] as const);
      return { kind, side: lr(rng), zone, u: rng.uniform(0.3, 0.7), v: rng.uniform(0.2, 0.8), radius: rng.uniform(0.016, 0.028), certain: rng.chance(0.85) };
    }
    case 'device':
      return { kind, device: rng.pick(['ett', 'enteric', 'central-line', 'pacemaker'] as const), seed: rng.int(2 ** 31) };
  }
}

/** A whole study for a seed: anatomy, findings drawn by prevalence, report seed. */
export function sampleStudy(seed: number, opts: SampleOptions = {}): StudySpec {
  const rng = new SeededRandom(seed);
  const anatomy = sampleAnatomy(rng);
  return { anatomy, findings: sampleFindings(rng, opts), reportSeed: rng.int(2 ** 31) };
}

export function sampleFindings(rng: SeededRandom, opts: SampleOptions = {}): Finding[] {
  const p = { ...DEFAULT_PREVALENCE, ...opts.prevalence };
  const include = new Set(opts.include ?? []);
  const exclude = new Set(opts.exclude ?? []);
  const findings: Finding[] = [];
  const normal = include.size === 0 && rng.chance(0.3);
  for (const kind of FINDING_KINDS) {
    const draw = rng.next();
    const sub = SeededRandom.derive(rng.int(2 ** 31), kind);
    if (exclude.has(kind)) continue;
    // Edema comes with cardiomegaly more often, as in heart failure.
    const boost = kind === 'edema' && findings.some((f) => f.kind === 'cardiomegaly') ? 2 : 1;
    if (include.has(kind) || (!normal && draw < p[kind] * boost)) findings.push(sampleFinding(kind, sub));
  }
  // A second device sometimes (ICU films carry several).
  const dev = findings.find((f) => f.kind === 'device');
  if (dev && rng.chance(0.35)) {
    const other = sampleFinding('device', SeededRandom.derive(rng.int(2 ** 31), 'device2'));
    if (other.kind === 'device' && other.device !== (dev as { device: DeviceType }).device) findings.push(other);
  }
  return findings;
}
