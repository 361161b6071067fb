import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/images/index.js';
import { rasterizeBoxes } from '../../src/layouts/box.js';
import { read5x200 } from '../../src/layouts/chexpert.js';
import { applyUncertainty, CHEXPERT_LABELS } from '../../src/layouts/chexpert-labels.js';
import { loadChexpert } from '../../src/layouts/chexpert.js';
import { loadCovidx } from '../../src/layouts/covidx.js';
import { nodeDirectory } from '../../src/layouts/file-store.js';
import { frontalImageForEpoch, loadMimicCxr, pairMimicReports } from '../../src/layouts/mimic.js';
import { loadNih } from '../../src/layouts/nih.js';
import { loadRsna } from '../../src/layouts/rsna.js';
import { loadSiim, siimMask } from '../../src/layouts/siim.js';
import { CHEXPERT_5X200_FILE, writeChexpert } from '../../src/synth/writers/chexpert.js';
import { writeCovidx } from '../../src/synth/writers/covidx.js';
import { writeMimicCxr } from '../../src/synth/writers/mimic.js';
import { writeNih } from '../../src/synth/writers/nih.js';
import { writeRsna } from '../../src/synth/writers/rsna.js';
import { writeSiim } from '../../src/synth/writers/siim.js';

const root = mkdtempSync(join(tmpdir(), 'synthcxr-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SIZE = 64;

describe('SynthCXR layouts read back through the loaders', () => {
  it('MIMIC-CXR-JPG: studies, frontal views, splits, labels, reports and pairing', async () => {
    const dir = join(root, 'mimic');
    const store = nodeDirectory(dir);
    const truth = await writeMimicCxr(store, { seed: 3, subjects: 25, size: SIZE, missingReportFraction: 0.1, shortFraction: 0.15 });
    const studies = await loadMimicCxr(dir);
    expect(studies.length).toBe(truth.length);
    const byId = new Map(studies.map((s) => [s.studyId, s]));
    for (const t of truth) {
      const s = byId.get(t.studyId)!;
      expect(s.subjectId).toBe(t.subjectId);
      expect(s.split).toBe(t.split);
      expect(s.labels).toEqual(t.labels);
      // Laterals are listed in the metadata but filtered out.
      expect(s.images.map((i) => i.dicomId)).toEqual(t.frontal.map((f) => f.dicomId));
      expect(s.images.map((i) => i.viewPosition)).toEqual(t.frontal.map((f) => f.viewPosition));
    }
    expect(truth.some((t) => t.lateral.length > 0)).toBe(true);
    const withLaterals = await loadMimicCxr(dir, { views: ['PA', 'AP', 'LATERAL'] });
    expect(withLaterals.flatMap((s) => s.images).length).toBe(truth.reduce((n, t) => n + t.frontal.length + t.lateral.length, 0));
    // Images decode at the written size.
    const img = decodeImage(await store.read(studies[0].images[0].path), { name: studies[0].images[0].path });
    expect([img.width, img.height, img.channels]).toEqual([SIZE, SIZE, 1]);

    const summary = await pairMimicReports(dir, studies);
    const missing = truth.filter((t) => !t.reportWritten);
    expect(missing.length).toBeGreaterThan(0);
    expect(summary.missingReports).toBe(missing.length);
    expect(summary.missing.every((m) => m.startsWith(dir) && m.endsWith('.txt'))).toBe(true);
    const eligible = truth.filter((t) => t.reportWritten && t.sentences.length >= 4);
    expect(summary.tooShort).toBe(truth.filter((t) => t.reportWritten).length - eligible.length);
    expect(summary.tooShort).toBeGreaterThan(0);
    // The section parser and sentence splitter recover exactly the sentences written.
    const pairs = new Map(summary.pairs.map((p) => [p.study.studyId, p.sentences]));
    for (const t of eligible) expect(pairs.get(t.studyId)).toEqual(t.sentences);

    // One frontal image per study per epoch: fixed for (seed, epoch), varying across epochs.
    const multi = summary.pairs.find((p) => p.study.images.length > 1) ?? summary.pairs[0];
    expect(frontalImageForEpoch(multi.study, 0, 7)).toBe(frontalImageForEpoch(multi.study, 0, 7));
    const picks = new Set(Array.from({ length: 20 }, (_, e) => frontalImageForEpoch(multi.study, e, 7).dicomId));
    expect(picks.size).toBe(multi.study.images.length);
  });

  it('MIMIC-CXR-JPG: heldOutFraction puts patients in validate/test (1 for a tree only evaluated), and is checked', async () => {
    const all = await writeMimicCxr(nodeDirectory(join(root, 'mimic-eval')), { seed: 4, subjects: 12, size: SIZE, heldOutFraction: 1 });
    const splits = new Set(all.map((t) => t.split));
    expect(splits.has('train')).toBe(false);
    expect(splits).toEqual(new Set(['validate', 'test']));
    const none = await writeMimicCxr(nodeDirectory(join(root, 'mimic-train')), { seed: 4, subjects: 12, size: SIZE, heldOutFraction: 0 });
    expect(new Set(none.map((t) => t.split))).toEqual(new Set(['train']));
    await expect(writeMimicCxr(nodeDirectory(join(root, 'mimic-bad')), { seed: 4, subjects: 2, size: SIZE, heldOutFraction: 1.5 })).rejects.toThrow(/heldOutFraction must be a number in \[0, 1\], got 1.5/);
  });

  it('CheXpert: train/valid CSVs, uncertainty policies and the 5x200 split file', async () => {
    const dir = join(root, 'chexpert');
    const store = nodeDirectory(dir);
    const truth = await writeChexpert(store, { seed: 5, train: 30, valid: 10, size: SIZE, perClass: 4 });
    const train = await loadChexpert(dir, 'train');
    const valid = await loadChexpert(dir, 'valid');
    expect(train).toEqual(truth.train);
    expect(valid).toEqual(truth.valid);
    expect(valid.every((r) => r.labels.every((v) => v === 0 || v === 1))).toBe(true);
    const uncertain = train.find((r) => r.labels.includes(-1))!;
    expect(uncertain).toBeDefined();
    const k = uncertain.labels.indexOf(-1);
    expect(applyUncertainty(uncertain.labels, 'ones').values[k]).toBe(1);
    expect(applyUncertainty(uncertain.labels, 'zeros').values[k]).toBe(0);
    expect(applyUncertainty(uncertain.labels, 'ignore').mask[k]).toBe(0);
    expect(await store.exists(train[0].file)).toBe(true);

    const split = await read5x200(dir, CHEXPERT_5X200_FILE);
    expect(split).toEqual(truth.split5x200);
    expect(split.length).toBe(20);
    const byPath = new Map(train.map((r) => [r.path, r]));
    const five = ['Atelectasis', 'Cardiomegaly', 'Consolidation', 'Edema', 'Pleural Effusion'].map((c) => CHEXPERT_LABELS.indexOf(c as never));
    for (const e of split) {
      const labels = byPath.get(e.path)!.labels;
      expect(five.map((c) => labels[c] === 1)).toEqual(five.map((_, i) => i === e.label));
    }
    expect(new Set(split.map((e) => e.path)).size).toBe(split.length);
  });

  it('RSNA: boxes, image labels, DICOMs and masks rasterised from boxes', async () => {
    const dir = join(root, 'rsna');
    const store = nodeDirectory(dir);
    const truth = await writeRsna(store, { seed: 7, count: 16, size: SIZE, positiveFraction: 0.5 });
    const recs = await loadRsna(dir);
    expect(recs.map((r) => [r.patientId, r.target, r.boxes])).toEqual(truth.map((t) => [t.patientId, t.target, t.boxes]));
    expect(recs.some((r) => r.target === 1) && recs.some((r) => r.target === 0)).toBe(true);
    for (const [i, r] of recs.entries()) {
      const img = decodeImage(await store.read(r.path), { name: r.path });
      expect([img.width, img.height]).toEqual([SIZE, SIZE]);
      // The box mask covers every pixel of the finding's mask.
      const boxMask = rasterizeBoxes(r.boxes, SIZE, SIZE);
      truth[i].mask.forEach((m, k) => m && expect(boxMask[k]).toBe(1));
    }
  });

  it('SIIM: RLE masks both ways and nested DICOMs', async () => {
    const dir = join(root, 'siim');
    const store = nodeDirectory(dir);
    const truth = await writeSiim(store, { seed: 9, count: 12, size: SIZE, positiveFraction: 0.5 });
    const recs = await loadSiim(dir);
    expect(recs.map((r) => r.imageId)).toEqual(truth.map((t) => t.imageId));
    for (const [i, r] of recs.entries()) {
      expect(r.rles).toEqual(truth[i].rles);
      expect(r.path).toBe(truth[i].path);
      expect([...siimMask(r, SIZE, SIZE)]).toEqual([...truth[i].mask]);
      expect(r.pneumothorax).toBe(truth[i].mask.some((v) => v === 1));
    }
    expect(recs.some((r) => r.pneumothorax) && recs.some((r) => !r.pneumothorax)).toBe(true);
    const img = decodeImage(await store.read(recs[0].path!), { name: recs[0].path! });
    expect([img.width, img.height]).toEqual([SIZE, SIZE]);
  });

  it('COVIDx: train/test lists and images', async () => {
    const dir = join(root, 'covidx');
    const store = nodeDirectory(dir);
    const truth = await writeCovidx(store, { seed: 11, train: 9, test: 6, size: SIZE });
    for (const split of ['train', 'test'] as const) {
      const recs = await loadCovidx(dir, split);
      expect(recs).toEqual(truth[split]);
      expect(await store.exists(recs[0].path)).toBe(true);
    }
    expect(new Set(truth.train.map((r) => r.label))).toEqual(new Set(['normal', 'pneumonia', 'COVID-19']));
  });

  it('NIH ChestX-ray14: data entry, boxes and official lists', async () => {
    const dir = join(root, 'nih');
    const store = nodeDirectory(dir);
    const truth = await writeNih(store, { seed: 13, patients: 12, size: SIZE });
    const recs = await loadNih(dir);
    expect(recs).toEqual(truth);
    expect(recs.some((r) => r.boxes.length > 0)).toBe(true);
    expect(recs.some((r) => r.labels.length > 1)).toBe(true);
    expect(new Set(recs.map((r) => r.split))).toEqual(new Set(['train_val', 'test']));
  });
});
