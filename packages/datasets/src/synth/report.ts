import { CHEXPERT_LABELS, type ChexpertLabel, type RawLabel } from '../layouts/chexpert-labels.js';
import { SeededRandom } from '../layouts/seeded-random.js';
import { deviceTipAboveCarina } from './findings-render.js';
import type { Finding, FindingKind, Side, StudySpec, Zone } from './spec.js';

/** Centimetres per unit of image side (a 40 cm detector), for measurements in reports. */
const CM = 40;

export interface SynthReport {
  /** The whole report file, MIMIC-CXR style (header, FINDINGS, IMPRESSION, wrapped lines). */
  text: string;
  findings: string[];
  impression: string[];
  /** CheXpert-style labels derived from what the report says (CHEXPERT_LABELS order). */
  labels: RawLabel[];
}

type Said = { text: string; labels: Partial<Record<ChexpertLabel, RawLabel>> };

const SEV = ['', 'mild', 'moderate', 'severe'];
const SIZE = ['', 'small', 'moderate', 'large'];
const ADV = ['', 'mildly', 'moderately', 'markedly'];

function sideWord(side: Side): string {
  return side === 'bilateral' ? 'bilateral' : side;
}

function lobe(side: 'right' | 'left', zone: Zone, rng: SeededRandom): string {
  if (rng.chance(0.35)) return `${side} ${zone === 'middle' ? 'mid' : zone} lung`;
  if (zone === 'middle') return side === 'right' ? 'right middle lobe' : 'lingula';
  return `${side} ${zone} lobe`;
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

/** What the report says about one present finding. */
function positive(f: Finding, rng: SeededRandom): Said {
  const P = (labels: Said['labels'], ...texts: string[]): Said => ({ text: rng.pick(texts), labels });
  switch (f.kind) {
    case 'cardiomegaly':
      if (!f.certain) return P({ Cardiomegaly: -1 }, 'The heart size is borderline enlarged.', 'Possible mild cardiomegaly.', 'Heart size is at the upper limits of normal, and mild cardiomegaly cannot be excluded.');
      return P({ Cardiomegaly: 1 }, `The heart is ${ADV[f.severity]} enlarged.`, `${cap(SEV[f.severity])} cardiomegaly.`, `There is ${SEV[f.severity]} enlargement of the cardiac silhouette.`, `Cardiac silhouette is ${ADV[f.severity]} enlarged.`);
    case 'effusion': {
      const s = sideWord(f.side), pl = f.side === 'bilateral' ? 's' : '';
      if (!f.certain) return P({ 'Pleural Effusion': -1 }, `Blunting of the ${s} costophrenic angle${pl} may represent a trace effusion.`, `Possible small ${s} pleural effusion${pl}.`);
      return P({ 'Pleural Effusion': 1 }, `${cap(SIZE[f.severity])} ${s} pleural effusion${pl}.`, `There ${pl ? 'are' : 'is a'} ${SIZE[f.severity]} ${s} pleural effusion${pl}.`, `${cap(s)} pleural effusion${pl} ${pl ? 'are' : 'is'} ${SIZE[f.severity]} in size.`, `${cap(SIZE[f.severity])} ${s} effusion${pl} with blunting of the costophrenic angle${pl}.`);
    }
    case 'pneumothorax':
      if (!f.certain) return P({ Pneumothorax: -1 }, `Possible tiny ${f.side} apical pneumothorax.`, `A small ${f.side} apical pneumothorax cannot be excluded.`);
      return P({ Pneumothorax: 1 }, `There is a ${SIZE[f.severity]} ${f.side} apical pneumothorax.`, `${cap(SIZE[f.severity])} ${f.side} pneumothorax.`, `${cap(SIZE[f.severity])} ${f.side} pneumothorax with a visible pleural line.`);
    case 'consolidation': {
      const where = lobe(f.side, f.zone, rng);
      const kind = rng.pick(['consolidation', 'airspace opacity', 'opacity']);
      const word = f.severity === 1 ? 'patchy' : f.severity === 2 ? rng.pick(['focal', 'patchy']) : 'dense';
      if (!f.certain) return P({ 'Lung Opacity': 1, Consolidation: -1, Pneumonia: -1 }, `Subtle opacity in the ${where}, possibly early consolidation.`, `Ill-defined opacity in the ${where} may represent pneumonia.`);
      const base = `${cap(word)} ${kind} in the ${where}`;
      const labels: Said['labels'] = { 'Lung Opacity': 1, Consolidation: 1 };
      if (f.pneumonia === 'yes') return P({ ...labels, Pneumonia: 1 }, `${base}, consistent with pneumonia.`, `${base} compatible with pneumonia.`);
      if (f.pneumonia === 'possible') return P({ ...labels, Pneumonia: -1 }, `${base}, concerning for pneumonia.`, `${base}; infection cannot be excluded.`, `${base}, which may represent pneumonia.`);
      return P(labels, `${base}.`, `There is ${word} ${kind} in the ${where}.`);
    }
    case 'atelectasis': {
      const where = f.side === 'bilateral' ? 'both lung bases' : `the ${f.side} lung base`;
      const type = rng.pick(['plate-like', 'linear', 'subsegmental']);
      if (!f.certain) return P({ Atelectasis: -1, 'Lung Opacity': 1 }, `Minimal linear opacity at ${where} may reflect atelectasis.`, `Streaky opacity at ${where}, possibly atelectasis.`);
      if (f.side === 'bilateral') return P({ Atelectasis: 1 }, `Bibasilar ${type} atelectasis.`, `${cap(type)} atelectasis at both lung bases.`);
      return P({ Atelectasis: 1 }, `${cap(type)} atelectasis at ${where}.`, `There is ${type} atelectasis in the ${f.side} lower lung.`, `${cap(f.side)} basilar ${type} atelectasis.`);
    }
    case 'edema':
      if (!f.certain) return P({ Edema: -1 }, 'Perihilar haziness may represent mild pulmonary edema.', 'Possible mild interstitial edema.');
      return P({ Edema: 1 }, `${cap(SEV[f.severity])} pulmonary edema.`, `There is ${SEV[f.severity]} interstitial pulmonary edema.`, `${cap(SEV[f.severity])} pulmonary edema with perihilar haziness.`, `Pulmonary vascular congestion with ${SEV[f.severity]} edema.`);
    case 'nodule': {
      const cm = (2 * f.radius * CM).toFixed(1);
      const where = lobe(f.side, f.zone, rng);
      if (!f.certain) return P({ 'Lung Lesion': -1 }, `A possible ${cm} cm nodular opacity in the ${where} could be further evaluated with chest CT.`);
      return P({ 'Lung Lesion': 1 }, `A ${cm} cm nodule is seen in the ${where}.`, `There is a ${cm}-cm nodular opacity projecting over the ${where}.`, `${cap(where)} nodule measuring ${cm} cm in diameter.`);
    }
    case 'device':
      switch (f.device) {
        case 'ett': {
          const cm = (deviceTipAboveCarina(f.seed) * CM).toFixed(1);
          return P({ 'Support Devices': 1 }, `Endotracheal tube terminates ${cm} cm above the carina.`, `ET tube is in standard position, ${cm} cm above the carina.`);
        }
        case 'enteric':
          return P({ 'Support Devices': 1 }, 'Enteric tube courses below the diaphragm with the tip in the stomach.', 'Nasogastric tube tip is in the stomach.');
        case 'central-line':
          return P({ 'Support Devices': 1 }, 'Right internal jugular central venous catheter terminates in the SVC.', 'Right IJ line tip is in the mid SVC.');
        case 'pacemaker':
          return P({ 'Support Devices': 1 }, 'Left-sided pacemaker with leads in the right atrium and right ventricle.', 'Left chest wall pacer device with two leads in standard position.');
      }
  }
}

/** Normal statements, each only used when the image really lacks the findings it denies. */
function negatives(present: Set<FindingKind>, rng: SeededRandom): Said[] {
  const out: Said[] = [];
  const S = (labels: Said['labels'], ...texts: string[]) => out.push({ text: rng.pick(texts), labels });
  if (!present.has('cardiomegaly')) {
    if (rng.chance(0.5)) S({ Cardiomegaly: 0, 'Enlarged Cardiomediastinum': 0 }, 'The cardiomediastinal silhouette is within normal limits.', 'Heart size and mediastinal contours are normal.', 'Cardiomediastinal and hilar contours are unremarkable.');
    else S({ Cardiomegaly: 0 }, 'Heart size is normal.', 'The heart is normal in size.', 'No cardiomegaly.');
  } else if (rng.chance(0.5)) S({ 'Enlarged Cardiomediastinum': 0 }, 'Mediastinal contours are unremarkable.', 'The mediastinal contours are normal.');
  const eff = present.has('effusion'), ptx = present.has('pneumothorax');
  if (!eff && !ptx && rng.chance(0.5)) S({ 'Pleural Effusion': 0, Pneumothorax: 0 }, 'No pleural effusion or pneumothorax.', 'There is no pleural effusion or pneumothorax.');
  else {
    if (!eff) S({ 'Pleural Effusion': 0 }, 'No pleural effusion.', 'There is no pleural effusion.', 'The costophrenic angles are sharp.');
    if (!ptx) S({ Pneumothorax: 0 }, 'No pneumothorax.', 'There is no pneumothorax.', 'No evidence of pneumothorax.');
  }
  const opacities = ['consolidation', 'atelectasis', 'edema', 'nodule', 'effusion'] as const;
  if (opacities.every((k) => !present.has(k)) && rng.chance(0.6)) {
    S({ 'Lung Opacity': 0, Consolidation: 0, Pneumonia: 0 }, 'The lungs are clear.', 'Lungs are clear without focal consolidation.', 'The lungs are well expanded and clear.');
  } else if (!present.has('consolidation')) {
    S({ Consolidation: 0, Pneumonia: 0 }, 'No focal consolidation.', 'There is no focal consolidation to suggest pneumonia.', 'No focal airspace consolidation.');
  }
  if (!present.has('edema') && rng.chance(0.6)) S({ Edema: 0 }, 'No pulmonary edema.', 'There is no pulmonary vascular congestion or edema.', 'No evidence of pulmonary edema.');
  if (rng.chance(0.4)) S({ Fracture: 0 }, 'No acute osseous abnormality.', 'Osseous structures are intact.', 'No displaced rib fractures are seen.');
  return out;
}

/** Comparison with the patient's previous study: what is new, changed or resolved. */
function comparisons(now: Finding[], prior: Finding[], rng: SeededRandom): Said[] {
  const out: Said[] = [];
  const sevOf = (f: Finding) => ('severity' in f ? f.severity : 0);
  const name: Partial<Record<FindingKind, string>> = { effusion: 'pleural effusion', pneumothorax: 'pneumothorax', consolidation: 'opacity', edema: 'pulmonary edema', cardiomegaly: 'cardiomegaly', atelectasis: 'atelectasis' };
  for (const kind of Object.keys(name) as FindingKind[]) {
    const a = prior.find((f) => f.kind === kind);
    const b = now.find((f) => f.kind === kind);
    if (!a && !b) continue;
    if (a && !b) out.push({ text: rng.pick([`Interval resolution of the previously seen ${name[kind]}.`, `The ${name[kind]} seen previously has resolved.`]), labels: {} });
    else if (!a && b) out.push({ text: `The ${name[kind]} is new since the prior study.`, labels: {} });
    else if (a && b) {
      const d = sevOf(b) - sevOf(a);
      out.push({ text: d === 0 ? `The ${name[kind]} is unchanged from the prior study.` : `The ${name[kind]} has ${d > 0 ? 'increased' : 'decreased'} compared to the prior study.`, labels: {} });
    }
  }
  return out.slice(0, 2);
}

const INDICATIONS = ['cough', 'shortness of breath', 'fever', 'chest pain', 'hypoxia', 'evaluate for pneumonia', 'line placement', 'dyspnea'];

/**
 * Writes the report of a study. Every sentence is grounded in the spec: a present
 * finding (hedged when the spec says the reader is uncertain), a negation of a finding
 * that is absent, or a comparison with the patient's prior study when one is given.
 * `short` produces the terse impression-only reports that PRIOR's pairing drops.
 */
export function writeReport(spec: StudySpec, opts: { prior?: StudySpec; short?: boolean } = {}): SynthReport {
  const rng = new SeededRandom(spec.reportSeed);
  const present = new Set(spec.findings.map((f) => f.kind));
  const pos = spec.findings.map((f) => positive(f, rng));
  const neg = negatives(present, rng);
  const cmp = opts.prior ? comparisons(spec.findings, opts.prior.findings, rng) : [];
  const devices = pos.filter((_, i) => spec.findings[i].kind === 'device');
  const path = pos.filter((_, i) => spec.findings[i].kind !== 'device');
  // Devices usually lead; the rest is shuffled (readers order findings differently).
  const body = rng.shuffle([...path, ...neg]);
  const findings = opts.short ? [] : [...(rng.chance(0.8) ? devices : []), ...body, ...cmp];
  if (!opts.short) for (const d of devices) if (!findings.includes(d)) findings.push(d);
  const pathology = spec.findings.filter((f) => f.kind !== 'device');
  let impression: Said[];
  if (pathology.length === 0) {
    impression = [{ text: rng.pick(['No acute cardiopulmonary process.', 'No acute intrathoracic abnormality.', 'Normal chest radiograph.', 'No evidence of acute cardiopulmonary disease.']), labels: { 'No Finding': 1 } }];
    if (opts.short && devices.length > 0) impression.unshift(devices[0]);
  } else {
    impression = pathology.map((f) => positive(f, SeededRandom.derive(spec.reportSeed, 'impression', f.kind)));
  }
  const labels: RawLabel[] = CHEXPERT_LABELS.map(() => null);
  for (const s of [...findings, ...impression]) {
    for (const [k, v] of Object.entries(s.labels) as [ChexpertLabel, RawLabel][]) {
      const i = CHEXPERT_LABELS.indexOf(k);
      labels[i] = merge(labels[i], v);
    }
  }
  const numbered = impression.length > 1 && rng.chance(0.5);
  const impText = impression.map((s, i) => (numbered ? `${i + 1}. ${s.text}` : s.text));
  const text = formatReport(spec, rng, findings.map((s) => s.text), impText, numbered, !!opts.prior);
  return { text, findings: findings.map((s) => s.text), impression: impression.map((s) => s.text), labels };
}

/** Positive beats uncertain beats negative, as in the CheXpert labeler's aggregation. */
function merge(a: RawLabel, b: RawLabel): RawLabel {
  const rank = (x: RawLabel) => (x === 1 ? 3 : x === -1 ? 2 : x === 0 ? 1 : 0);
  return rank(b) > rank(a) ? b : a;
}

function wrap(text: string, width = 72): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function formatReport(spec: StudySpec, rng: SeededRandom, findings: string[], impression: string[], numbered: boolean, hasPrior: boolean): string {
  const a = spec.anatomy;
  const view = a.projection === 'PA' ? rng.pick(['CHEST (PA AND LAT)', 'CHEST (PA AND LAT)', 'CHEST (PRE-OP PA AND LAT)']) : 'CHEST (PORTABLE AP)';
  const out = [
    '                                 FINAL REPORT',
    ` EXAMINATION:  ${view}`,
    ' ',
    ` INDICATION:  ___-year-old ${a.sex === 'M' ? 'man' : 'woman'} with ${rng.pick(INDICATIONS)}.`,
    ' ',
    ` TECHNIQUE:  ${a.projection === 'PA' ? 'Chest PA and lateral' : 'Portable AP chest radiograph'}`,
    ' ',
    ` COMPARISON:  ${hasPrior ? 'Chest radiograph from ___.' : rng.pick(['None.', '___'])}`,
    ' ',
  ];
  if (findings.length > 0) {
    out.push(' FINDINGS:', ' ');
    for (const l of wrap(findings.join('  '))) out.push(` ${l}`);
    out.push(' ');
  }
  out.push(' IMPRESSION:', ' ');
  if (numbered) for (const s of impression) for (const l of wrap(s)) out.push(` ${l}`);
  else for (const l of wrap(impression.join('  '))) out.push(` ${l}`);
  return out.join('\n') + '\n';
}
