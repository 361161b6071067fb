/** Invariants and edge cases the fixtures do not pin down. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MetricInputError,
  accuracy,
  argmaxRows,
  auroc,
  bootstrapCi,
  boxIou,
  cohenKappa,
  dice,
  iou,
  maskScores,
  meanAveragePrecision,
  mapOfSample,
  MAP_IOU_THRESHOLDS,
  multiLabelAuroc,
  precisionAtK,
  recallAtK,
  rocCurve,
  rowsOf,
  trapezoidArea,
} from '../src/index.js';

/** Binary labels with both classes, and scores drawn from a small set so ties are common. */
const labelled = fc
  .integer({ min: 2, max: 60 })
  .chain((n) => fc.tuple(fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }), fc.array(fc.integer({ min: -5, max: 5 }), { minLength: n, maxLength: n })))
  .filter(([y]) => y.includes(0) && y.includes(1));

/** The Mann–Whitney statistic: P(score+ > score−) + ½ P(tie), by brute force over pairs. */
function pairwiseAuc(y: number[], s: number[]): number {
  let num = 0;
  let pairs = 0;
  y.forEach((yi, i) => y.forEach((yj, j) => {
    if (yi === 1 && yj === 0) {
      pairs++;
      num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }));
  return num / pairs;
}

describe('AUROC properties', () => {
  it('equals the pairwise (Mann–Whitney) probability with ties counted half', () => {
    fc.assert(fc.property(labelled, ([y, s]) => Math.abs(auroc(y, s).value - pairwiseAuc(y, s)) < 1e-12));
  });
  it('is invariant to strictly increasing transforms of the scores', () => {
    fc.assert(fc.property(labelled, ([y, s]) => auroc(y, s).value === auroc(y, s.map((v) => Math.exp(v / 3) * 7 - 2)).value));
  });
  it('is 1 − AUROC of the negated scores, and of the flipped labels', () => {
    fc.assert(fc.property(labelled, ([y, s]) => {
      const a = auroc(y, s).value;
      return Math.abs(a + auroc(y, s.map((v) => -v)).value - 1) < 1e-12 && Math.abs(a + auroc(y.map((v) => 1 - v), s).value - 1) < 1e-12;
    }));
  });
  it('the dropped-point curve has the same area and is monotone from (0,0) to (1,1)', () => {
    fc.assert(fc.property(labelled, ([y, s]) => {
      const c = rocCurve(y, s);
      const full = rocCurve(y, s, { dropIntermediate: false });
      const mono = c.fpr.every((v, i) => i === 0 || (v >= c.fpr[i - 1] && c.tpr[i] >= c.tpr[i - 1]));
      return mono && c.fpr[0] === 0 && c.tpr.at(-1) === 1 && c.fpr.at(-1) === 1 && Math.abs(trapezoidArea(c.fpr, c.tpr) - trapezoidArea(full.fpr, full.tpr)) < 1e-12;
    }));
  });
  it('rejects non-binary labels, NaN scores and length mismatches', () => {
    expect(() => auroc([0, 2], [1, 2])).toThrow(MetricInputError);
    expect(() => auroc([0, 2], [1, 2])).toThrow('auroc: labels[1] must be 0 or 1, got 2');
    expect(() => auroc([0, 1], [1, NaN])).toThrow(/scores\[1\] must be a finite number/);
    expect(() => auroc([0, 1], [1])).toThrow(/as long as labels/);
    expect(() => multiLabelAuroc([[0, 1]], [[0.1]])).toThrow(/2 columns/);
  });
  it('macro is NaN with a note per class when no class is defined', () => {
    const r = multiLabelAuroc([[0, 1], [0, 1]], [[0.1, 0.2], [0.3, 0.4]]);
    expect(r.macro).toBeNaN();
    expect(r.notes).toEqual(['class 0 excluded from the macro mean: no positive cases among 2', 'class 1 excluded from the macro mean: no negative cases among 2']);
  });
  it('accepts typed arrays and flat tensor data split with rowsOf', () => {
    const flat = new Float32Array([0.9, 0.1, 0.2, 0.8, 0.7, 0.3]);
    const y = rowsOf(new Int32Array([1, 0, 0, 1, 1, 0]), 2);
    expect(multiLabelAuroc(y, rowsOf(flat, 2)).macro).toBe(1);
    expect(argmaxRows(rowsOf(flat, 2))).toEqual([0, 1, 0]);
    expect(() => rowsOf(flat, 4)).toThrow(/positive divisor/);
  });
});

describe('classification properties', () => {
  it('kappa is 1 for perfect agreement with two or more classes, and symmetric', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 40, maxLength: 40 }), (a, b) => {
      const bb = b.slice(0, a.length);
      const k1 = cohenKappa(a, bb);
      const k2 = cohenKappa(bb, a);
      const selfK = cohenKappa(a, a);
      return (Number.isNaN(k1) ? Number.isNaN(k2) : Math.abs(k1 - k2) < 1e-12) && (new Set(a).size < 2 ? Number.isNaN(selfK) : Math.abs(selfK - 1) < 1e-12);
    }));
  });
  it('rejects non-integer class labels', () => {
    expect(() => accuracy([0, 1.5], [0, 1])).toThrow('accuracy: yTrue[1] must be an integer class label, got 1.5');
  });
});

describe('retrieval', () => {
  it('ties keep candidate order, and K is clamped to the candidate count', () => {
    const sim = [[0.5, 0.5, 0.5]];
    expect(precisionAtK(sim, [1], [1, 0, 1], 1)).toBe(1); // candidate 0 first
    expect(precisionAtK(sim, [0], [1, 0, 1], 1)).toBe(0);
    expect(precisionAtK(sim, [1], [1, 0, 1], 10)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(sim, [1], [1, 0, 1], 10)).toBe(1);
    expect(recallAtK(sim, [2], [1, 0, 1], 10)).toBeNaN();
  });
  it('a perfect ranker has Precision@K = 1 while K ≤ class size', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 30 }), (cands) => {
      const sim = cands.map((q) => cands.map((c, j) => (c === q ? 2 : 0) + j * 1e-3));
      const k = Math.min(...cands.map((q) => cands.filter((c) => c === q).length));
      return precisionAtK(sim, cands, cands, k) === 1;
    }));
  });
});

describe('Dice and IoU', () => {
  const mask = fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 50 });
  it('are symmetric, in [0,1], 1 for identical masks, and tied by Dice = 2 IoU / (1 + IoU)', () => {
    fc.assert(fc.property(mask, fc.array(fc.constantFrom(0, 1), { minLength: 50, maxLength: 50 }), (a, b0) => {
      const b = b0.slice(0, a.length);
      const d = dice(a, b);
      const j = iou(a, b);
      return d === dice(b, a) && j === iou(b, a) && d >= 0 && d <= 1 && dice(a, a) === 1 && Math.abs(d - (2 * j) / (1 + j)) < 1e-12;
    }));
  });
  it('both empty → 1, one empty → 0; mean vs pooled aggregate', () => {
    expect(dice([0, 0], [0, 0])).toBe(1);
    expect(iou([0, 0], [0, 0])).toBe(1);
    expect(dice([1, 0], [0, 0])).toBe(0);
    const s = maskScores([[0, 0], [1, 1, 0, 0]], [[0, 0], [1, 0, 0, 0]]);
    expect(s.dice.perImage).toEqual([1, 2 / 3]);
    expect(s.dice.mean).toBeCloseTo(5 / 6, 12);
    expect(s.dice.global).toBeCloseTo(2 / 3, 12);
    expect(() => maskScores([[0]], [[0, 1]])).toThrow(/preds\[0\]/);
  });
});

describe('box mAP', () => {
  const box = fc.record({ x: fc.integer({ min: 0, max: 100 }), y: fc.integer({ min: 0, max: 100 }), width: fc.integer({ min: 1, max: 50 }), height: fc.integer({ min: 1, max: 50 }) });
  it('thresholds are exactly 0.40 … 0.75', () => {
    expect(MAP_IOU_THRESHOLDS).toEqual([0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75]);
  });
  it('IoU is symmetric and 1 for a box with itself', () => {
    fc.assert(fc.property(box, box, (a, b) => boxIou(a, b) === boxIou(b, a) && boxIou(a, a) === 1));
  });
  it('perfect predictions give 1, none give 0, a class without truth is left out', () => {
    fc.assert(fc.property(fc.array(fc.array(box, { maxLength: 4 }), { minLength: 1, maxLength: 5 }).filter((imgs) => imgs.some((b) => b.length > 0)), (imgs) => {
      const perfect = imgs.map((truths) => ({ truths, predictions: truths.map((b, i) => ({ ...b, score: 1 - i * 0.01 })) }));
      const none = imgs.map((truths) => ({ truths, predictions: [] }));
      return meanAveragePrecision(perfect).map === 1 && meanAveragePrecision(none).map === 0;
    }));
    const r = meanAveragePrecision([{ truths: [{ x: 0, y: 0, width: 10, height: 10 }], predictions: [{ x: 0, y: 0, width: 10, height: 10, score: 1 }, { x: 0, y: 0, width: 5, height: 5, score: 0.5, label: 1 }] }]);
    expect(r.map).toBe(1);
    expect(r.perClass[1].ap).toBeNaN();
  });
  it('a duplicate detection is a false positive; a ground truth matches once', () => {
    const t = { x: 0, y: 0, width: 10, height: 10 };
    // duplicate first (higher score) then the real match: precision 1/1 at recall 1 still → AP 1
    expect(meanAveragePrecision([{ truths: [t], predictions: [{ ...t, score: 0.9 }, { ...t, score: 0.8 }] }]).map).toBe(1);
    // a false positive ranked above the only true positive: precision 1/2 at recall 1
    expect(meanAveragePrecision([{ truths: [t], predictions: [{ x: 50, y: 50, width: 5, height: 5, score: 0.9 }, { ...t, score: 0.8 }] }]).map).toBeCloseTo(0.5, 12);
  });
  it('mapOfSample scores a resample (repeats, any order, tied scores) exactly as meanAveragePrecision of those cases', () => {
    const scored = fc.record({ x: fc.integer({ min: 0, max: 30 }), y: fc.integer({ min: 0, max: 30 }), width: fc.integer({ min: 1, max: 20 }), height: fc.integer({ min: 1, max: 20 }), score: fc.constantFrom(0.2, 0.5, 0.9), label: fc.constantFrom(0, 1) });
    const truth = fc.record({ x: fc.integer({ min: 0, max: 30 }), y: fc.integer({ min: 0, max: 30 }), width: fc.integer({ min: 1, max: 20 }), height: fc.integer({ min: 1, max: 20 }), label: fc.constantFrom(0, 1) });
    const image = fc.record({ predictions: fc.array(scored, { maxLength: 5 }), truths: fc.array(truth, { maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(image, { minLength: 1, maxLength: 6 }).chain((cases) => fc.tuple(fc.constant(cases), fc.array(fc.nat(cases.length - 1), { minLength: 1, maxLength: 8 }))), ([cases, sample]) => {
        const fast = mapOfSample(cases)(sample);
        const slow = meanAveragePrecision(sample.map((i) => cases[i]));
        expect(fast).toEqual(slow);
      }),
      { numRuns: 300 },
    );
    expect(() => mapOfSample([{ truths: [], predictions: [] }])([1])).toThrow(/sample must be image indices in \[0, 1\)/);
  });
  it('rejects malformed boxes', () => {
    expect(() => meanAveragePrecision([{ truths: [{ x: 0, y: 0, width: -1, height: 2 }], predictions: [] }])).toThrow(/cases\[0\]\.truths\[0\] must be a box of non-negative size/);
    expect(() => meanAveragePrecision([{ truths: [], predictions: [{ x: 0, y: 0, width: 1, height: 1, score: NaN }] }])).toThrow(/score must be a finite number/);
  });
});

describe('bootstrapCi', () => {
  const cases = Array.from({ length: 80 }, (_, i) => ({ label: i % 3 === 0 ? 1 : 0, score: (i % 3 === 0 ? 0.6 : 0) + ((i * 37) % 11) / 10 }));
  const metric = (s: readonly { label: number; score: number }[]) => auroc(s.map((c) => c.label), s.map((c) => c.score)).value;
  it('is deterministic for a seed, differs across seeds, and brackets the estimate', () => {
    const a = bootstrapCi(cases, metric, { resamples: 300, seed: 1 });
    const b = bootstrapCi(cases, metric, { resamples: 300, seed: 1 });
    const c = bootstrapCi(cases, metric, { resamples: 300, seed: 2 });
    expect(a).toEqual(b);
    expect(a.lower).not.toBe(c.lower);
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
    expect(a.upper).toBeLessThanOrEqual(1);
    expect(a.dropped).toBe(0);
  });
  it('narrows with a lower level and drops undefined resamples', () => {
    const wide = bootstrapCi(cases, metric, { resamples: 300, level: 0.95 });
    const narrow = bootstrapCi(cases, metric, { resamples: 300, level: 0.5 });
    expect(narrow.upper - narrow.lower).toBeLessThan(wide.upper - wide.lower);
    const rare = [{ label: 1, score: 1 }, ...Array.from({ length: 9 }, (_, i) => ({ label: 0, score: i / 10 }))];
    const r = bootstrapCi(rare, metric, { resamples: 200 });
    expect(r.dropped).toBeGreaterThan(0);
    expect(r.dropped).toBeLessThan(200);
  });
  it('rejects bad options', () => {
    expect(() => bootstrapCi([], metric)).toThrow(/at least one case/);
    expect(() => bootstrapCi(cases, metric, { resamples: 0 })).toThrow(/positive integer/);
    expect(() => bootstrapCi(cases, metric, { level: 1 })).toThrow(/\(0, 1\)/);
  });
});
