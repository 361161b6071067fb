/** The 14 CheXpert observations in the column order of CheXpert's train.csv. */
export const CHEXPERT_LABELS = [
  'No Finding', 'Enlarged Cardiomediastinum', 'Cardiomegaly', 'Lung Opacity', 'Lung Lesion', 'Edema',
  'Consolidation', 'Pneumonia', 'Atelectasis', 'Pneumothorax', 'Pleural Effusion', 'Pleural Other',
  'Fracture', 'Support Devices',
] as const;
export type ChexpertLabel = (typeof CHEXPERT_LABELS)[number];

/** The five competition classes of the 5x200 zero-shot/retrieval subset. */
export const CHEXPERT_5X200 = ['Atelectasis', 'Cardiomegaly', 'Consolidation', 'Edema', 'Pleural Effusion'] as const;

/** A label as the CheXpert labeler writes it: positive, negative, uncertain, or not mentioned. */
export type RawLabel = 1 | 0 | -1 | null;

/** How uncertain (-1) labels become training targets: U-Ones, U-Zeros, or masked out. */
export type UncertaintyPolicy = 'ones' | 'zeros' | 'ignore';

export interface LabelTargets {
  /** 0/1 per class. */
  values: Float32Array;
  /** 1 where the value should count in the loss, 0 where it is ignored. */
  mask: Uint8Array;
}

/** Parses "1.0", "0.0", "-1.0", "1", "" …; returns undefined for anything else. */
export function parseRawLabel(s: string): RawLabel | undefined {
  const t = s.trim();
  if (t === '') return null;
  const x = Number(t);
  return x === 1 || x === 0 || x === -1 ? (x as RawLabel) : undefined;
}

export function formatRawLabel(v: RawLabel): string {
  return v === null ? '' : v.toFixed(1);
}

/** Targets under a policy; blank (not mentioned) counts as negative unless `blank` is 'ignore'. */
export function applyUncertainty(labels: readonly RawLabel[], policy: UncertaintyPolicy, blank: 'zero' | 'ignore' = 'zero'): LabelTargets {
  const values = new Float32Array(labels.length);
  const mask = new Uint8Array(labels.length).fill(1);
  labels.forEach((v, i) => {
    if (v === 1) values[i] = 1;
    else if (v === -1) {
      if (policy === 'ones') values[i] = 1;
      else if (policy === 'ignore') mask[i] = 0;
    } else if (v === null && blank === 'ignore') mask[i] = 0;
  });
  return { values, mask };
}
