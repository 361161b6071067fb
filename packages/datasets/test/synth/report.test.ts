import { describe, expect, it } from 'vitest';
import { CHEXPERT_LABELS, type ChexpertLabel } from '../../src/layouts/chexpert-labels.js';
import { sampleStudy, type FindingKind } from '../../src/synth/spec.js';
import { sampleSubject } from '../../src/synth/study.js';
import { writeReport } from '../../src/synth/report.js';
import { findingsAndImpression, parseReport, splitSentences } from '../../src/text/index.js';

const LABEL_OF: Partial<Record<FindingKind, ChexpertLabel>> = {
  cardiomegaly: 'Cardiomegaly', effusion: 'Pleural Effusion', pneumothorax: 'Pneumothorax', consolidation: 'Consolidation',
  atelectasis: 'Atelectasis', edema: 'Edema', nodule: 'Lung Lesion', device: 'Support Devices',
};
const at = (l: ChexpertLabel) => CHEXPERT_LABELS.indexOf(l);

describe('SynthCXR reports', () => {
  it('state only what is in the image: labels match the findings drawn', () => {
    for (let seed = 0; seed < 400; seed++) {
      const spec = sampleStudy(seed);
      const r = writeReport(spec);
      for (const [kind, label] of Object.entries(LABEL_OF) as [FindingKind, ChexpertLabel][]) {
        const present = spec.findings.filter((f) => f.kind === kind);
        const v = r.labels[at(label)];
        if (present.length === 0) expect(v === 0 || v === null, `${seed} ${kind} absent but ${v}`).toBe(true);
        else if (present.some((f) => !('certain' in f) || f.certain)) expect(v, `${seed} ${kind}`).toBe(1);
        else expect(v, `${seed} ${kind} hedged`).toBe(-1);
      }
      const pathology = spec.findings.some((f) => f.kind !== 'device');
      expect(r.labels[at('No Finding')]).toBe(pathology ? null : 1);
      // Pneumonia is only ever said about a drawn consolidation.
      if (!spec.findings.some((f) => f.kind === 'consolidation')) expect(r.labels[at('Pneumonia')] === 1 || r.labels[at('Pneumonia')] === -1).toBe(false);
    }
  });

  it('vary wording and order, use negations, uncertainty and comparisons', () => {
    const texts = new Set<string>();
    let negations = 0, hedges = 0;
    for (let seed = 0; seed < 200; seed++) {
      const r = writeReport(sampleStudy(seed));
      texts.add(r.findings.slice(0, 2).join(' '));
      if (r.findings.some((s) => /^No |There is no /.test(s))) negations++;
      if (r.findings.some((s) => /possibl|may represent|cannot be excluded|could be/i.test(s))) hedges++;
    }
    expect(texts.size).toBeGreaterThan(150);
    expect(negations).toBeGreaterThan(150);
    expect(hedges).toBeGreaterThan(10);
    const [first, second] = sampleSubject(77, 2);
    const withPrior = writeReport(second, { prior: first });
    expect(withPrior.text).toMatch(/COMPARISON: {2}Chest radiograph from ___\./);
    expect(writeReport(first).text).not.toMatch(/prior study|previously/);
  });

  it('parse back into the same FINDINGS and IMPRESSION sentences', () => {
    for (let seed = 0; seed < 200; seed++) {
      const r = writeReport(sampleStudy(seed), { short: seed % 10 === 0 });
      const parsed = parseReport(r.text);
      expect(splitSentences(findingsAndImpression(parsed))).toEqual([...r.findings, ...r.impression]);
    }
  });
});
