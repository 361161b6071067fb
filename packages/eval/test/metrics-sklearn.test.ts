/** Every metric against test/fixtures/metrics.json (scikit-learn 1.2 and the fixture script's numpy code). */
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  auroc,
  rankAuroc,
  cohenKappa,
  maskScores,
  meanAveragePrecision,
  multiLabelAuroc,
  percentile,
  percentileInterval,
  precisionRecallF1,
  retrievalAtK,
  rocCurve,
} from '../src/index.js';
import { allClose, close, fixtures } from './support.js';

describe('AUROC and ROC curves (sklearn roc_auc_score / roc_curve)', () => {
  for (const c of fixtures.auroc) {
    it(c.name, () => {
      const r = auroc(c.labels, c.scores);
      close(r.value, c.auroc);
      // The rank form the bootstrap uses gives the same number.
      close(rankAuroc(c.labels, c.scores), c.auroc, 1e-12);
      if (c.auroc === null) {
        expect(r.reason).toMatch(/no (positive|negative) cases/);
        expect(() => rocCurve(c.labels, c.scores)).toThrow(/both classes/);
      } else {
        const roc = rocCurve(c.labels, c.scores);
        allClose(roc.fpr, c.roc.fpr);
        allClose(roc.tpr, c.roc.tpr);
        expect(roc.thresholds[0]).toBe(Infinity);
        allClose(roc.thresholds.slice(1), c.roc.thresholds);
      }
    });
  }

  for (const c of fixtures.multilabel) {
    it(`${c.name}: per class, macro over defined classes, notes for the rest`, () => {
      const names = c.labels[0].map((_: number, j: number) => `C${j}`);
      const r = multiLabelAuroc(c.labels, c.scores, names);
      allClose(r.perClass.map((p) => p.value), c.perClass);
      close(r.macro, c.macro);
      expect(r.definedClasses).toBe(c.perClass.length - c.undefined.length);
      expect(r.notes).toHaveLength(c.undefined.length);
      c.undefined.forEach((j: number, k: number) => expect(r.notes[k]).toContain(`class ${j} (C${j}) excluded`));
    });
  }
});

describe('classification (sklearn accuracy_score, precision_recall_fscore_support, cohen_kappa_score)', () => {
  for (const c of fixtures.classification) {
    it(c.name, () => {
      const labels = c.labels ?? undefined;
      close(accuracy(c.yTrue, c.yPred), c.accuracy);
      for (const zd of [0, 1] as const) {
        const want = c[`prf_zd${zd}`];
        const got = precisionRecallF1(c.yTrue, c.yPred, { labels, zeroDivision: zd });
        close(got.precision, want.precision);
        close(got.recall, want.recall);
        close(got.f1, want.f1);
        allClose(got.perClass.map((p) => p.precision), want.perClass.precision);
        allClose(got.perClass.map((p) => p.recall), want.perClass.recall);
        allClose(got.perClass.map((p) => p.f1), want.perClass.f1);
        expect(got.perClass.map((p) => p.support)).toEqual(want.perClass.support);
      }
      for (const w of ['none', 'linear', 'quadratic'] as const) close(cohenKappa(c.yTrue, c.yPred, { labels, weights: w }), c.kappa[w]);
    });
  }
});

describe('retrieval Precision@K / Recall@K (numpy, stable ranking)', () => {
  for (const c of fixtures.retrieval) {
    it(c.name, () => {
      const got = retrievalAtK(c.similarity, c.queryLabels, c.candidateLabels, [1, 5, 10]);
      got.forEach((g, i) => {
        const want = c.results[i];
        expect(g.k).toBe(want.k);
        close(g.precision, want.precision);
        close(g.recall, want.recall);
        expect(g.recallQueries).toBe(want.recallQueries);
      });
    });
  }
});

describe('Dice and IoU (sklearn f1_score / jaccard_score, zero_division=1)', () => {
  for (const c of fixtures.masks) {
    it(c.name, () => {
      const got = maskScores(c.preds, c.truths);
      for (const m of ['dice', 'iou'] as const) {
        allClose(got[m].perImage, c[m].perImage);
        close(got[m].mean, c[m].mean);
        close(got[m].global, c[m].global);
      }
    });
  }
});

describe('box mAP over IoU 0.40–0.75 (COCO rules written out in the fixture script)', () => {
  for (const c of fixtures.map) {
    it(c.name, () => {
      const got = meanAveragePrecision(c.cases);
      close(got.map, c.map);
      allClose(got.perThreshold.map((p) => p.iou), c.perThreshold.map((p: { iou: number }) => p.iou));
      allClose(got.perThreshold.map((p) => p.ap), c.perThreshold.map((p: { ap: number }) => p.ap));
      expect(got.perClass.map((p) => p.label)).toEqual(c.perClass.map((p: { label: number }) => p.label));
      allClose(got.perClass.map((p) => p.ap), c.perClass.map((p: { ap: number }) => p.ap));
    });
  }
});

describe('bootstrap percentiles (numpy percentile over the same resamples)', () => {
  for (const c of fixtures.percentile) {
    it(`percentile of ${c.values.length} values`, () => {
      c.q.forEach((q: number, i: number) => close(percentile(c.values, q), c.expected[i]));
    });
  }
  for (const c of fixtures.bootstrap) {
    it(c.name, () => {
      const stats = c.indices.map((idx: number[]) => auroc(idx.map((i) => c.labels[i]), idx.map((i) => c.scores[i])).value);
      const got = percentileInterval(stats, c.level);
      close(got.lower, c.lower);
      close(got.upper, c.upper);
      expect(got.dropped).toBe(c.dropped);
    });
  }
});
