import { describe, expect, it } from 'vitest';
import * as A from '@prior/autograd';
import { gradcheck } from '@prior/autograd';
import { type Tensor } from '@prior/tensor';
import {
  arrangeMatched,
  gpaLoss,
  imageReconstructionLoss,
  klLoss,
  matchSentences,
  prototypeKL,
  sentenceMatching,
  spgLoss,
  type SentencePool,
} from '../../src/index.js';
import { f64, maxDiff, rnd, scalar, values } from '../support.js';

/** Slots [B, S, D] → masked mean over the real ones: a simple stand-in for attention pooling. */
const meanPool: SentencePool = (slots, counts) => {
  const [b, s] = slots.shape;
  const w = f64(Float64Array.from({ length: b * s }, (_, k) => (k % s < counts[Math.floor(k / s)] ? 1 / counts[Math.floor(k / s)] : 0)), [b, s, 1]);
  return A.sum(A.mul(slots, w), 1);
};

/**
 * Targets [B=2, S=3, D=2] (report 0: 3 real sentences, report 1: 2 and a padded slot)
 * and Q=4 predictions holding the targets in a known shuffled order plus decoys.
 */
async function fixture() {
  const targets = f64([
    [[1, 2], [-3, 0.5], [4, -1]],
    [[0, 1], [2, 2], [99, 99]],
  ]);
  // Report 0: prediction 2 = target 0, 0 = target 1, 3 = target 2; prediction 1 a decoy.
  // Report 1: prediction 3 = target 0, 1 = target 1; predictions 0 and 2 decoys (one close to the padded slot).
  const predictions = f64([
    [[-3, 0.5], [50, 50], [1, 2], [4, -1]],
    [[99, 99], [2, 2], [-40, 7], [0, 1]],
  ]);
  return { targets, predictions, counts: [3, 2] };
}

describe('matchSentences (Hungarian on L1 cost, real sentences only)', () => {
  it('recovers a known permutation: target[row[k]] ↔ prediction[col[k]]', async () => {
    const { targets, predictions, counts } = await fixture();
    const m = await matchSentences(predictions, targets, counts);
    const pairs = Array.from(m.report, (r, k) => [r, m.target[k], m.prediction[k]]);
    expect(pairs).toEqual([[0, 0, 2], [0, 1, 0], [0, 2, 3], [1, 0, 3], [1, 1, 1]]);
    expect(m.matched).toEqual([3, 2]);
  });

  it('never matches the padded slot, even to a prediction equal to it', async () => {
    const { targets, predictions, counts } = await fixture();
    const m = await matchSentences(predictions, targets, counts);
    expect(Array.from(m.target).filter((_, k) => m.report[k] === 1)).not.toContain(2);
  });

  it('keeps Q pairs when a report has more sentences than queries', async () => {
    const m = await matchSentences(rnd([1, 2, 3], 1), rnd([1, 4, 3], 2), [4]);
    expect(m.matched).toEqual([2]);
    expect(new Set(m.prediction).size).toBe(2);
  });
});

describe('spgLoss (L_spg)', () => {
  it('is 0 after the matching undoes a permutation', async () => {
    const { targets, predictions, counts } = await fixture();
    const m = await matchSentences(predictions, targets, counts);
    expect(await scalar(spgLoss(predictions, targets, m))).toBe(0);
  });

  it('is the per-report mean L1, averaged over reports', async () => {
    const targets = f64([[[0, 0], [1, 1]], [[5, 5], [0, 0]]]);
    // Report 0: both predictions off by 1 per element; report 1: its one sentence off by 3.
    const predictions = f64([[[2, 2], [1, 1]], [[8, 8], [-7, 7]]]);
    const m = sentenceMatching(2, 2, 2, [
      { report: 0, target: 0, prediction: 1 },
      { report: 0, target: 1, prediction: 0 },
      { report: 1, target: 0, prediction: 0 },
    ]);
    expect(await scalar(spgLoss(predictions, targets, m))).toBeCloseTo((1 + 3) / 2, 14);
  });

  it('uses the assignment the right way round (the reference indexed predictions by the target index)', async () => {
    const { targets, predictions, counts } = await fixture();
    const m = await matchSentences(predictions, targets, counts);
    // The reference's mistake, in this orientation: pairing target t with prediction t.
    const wrong = { ...m, prediction: m.target };
    expect(await scalar(spgLoss(predictions, targets, wrong))).toBeGreaterThan(1);
  });

  it('passes gradcheck for predictions and targets', async () => {
    const m = sentenceMatching(2, 3, 4, [
      { report: 0, target: 0, prediction: 3 },
      { report: 0, target: 1, prediction: 1 },
      { report: 1, target: 0, prediction: 0 },
    ]);
    await gradcheck((p, t) => spgLoss(p, t, m), [rnd([2, 4, 3], 10), rnd([2, 3, 3], 11)]);
  });
});

describe('klLoss (L_kl)', () => {
  it('is 0 for equal distributions', async () => {
    const { targets, predictions, counts } = await fixture();
    const m = await matchSentences(predictions, targets, counts);
    expect(await scalar(klLoss(predictions, targets, rnd([5, 2], 3), m))).toBeCloseTo(0, 14);
  });

  it('is KL(softmax(xEᵀ) ‖ softmax(zEᵀ)) by hand', async () => {
    // p = (½, ½), q = (¾, ¼): KL = ½ ln(½/¾) + ½ ln(½/¼) = ½ ln(4/3).
    const E = f64([[1, 0], [0, 1]]);
    expect(await scalar(prototypeKL(f64([[0, 0]]), f64([[Math.log(3), 0]]), E))).toBeCloseTo(0.5 * Math.log(4 / 3), 14);
    // Averaged over pairs ('batchmean'): a second, identical pair halves it.
    expect(await scalar(prototypeKL(f64([[0, 0], [1, 1]]), f64([[Math.log(3), 0], [1, 1]]), E))).toBeCloseTo(0.25 * Math.log(4 / 3), 14);
  });

  it('passes gradcheck for predictions, targets and prototypes', async () => {
    const m = sentenceMatching(2, 2, 3, [
      { report: 0, target: 1, prediction: 2 },
      { report: 1, target: 0, prediction: 0 },
      { report: 1, target: 1, prediction: 1 },
    ]);
    await gradcheck((p, t, e) => klLoss(p, t, e, m), [rnd([2, 3, 2], 20), rnd([2, 2, 2], 21), rnd([4, 2], 22)]);
  });
});

describe('gpaLoss (L_gpa)', () => {
  it('arranges matched predictions in target order, zero elsewhere', async () => {
    const { targets, predictions, counts } = await fixture();
    const m = await matchSentences(predictions, targets, counts);
    const { slots, counts: real } = arrangeMatched(predictions, m);
    expect(real).toEqual([3, 2]);
    expect(await values(slots)).toEqual([1, 2, -3, 0.5, 4, -1, 0, 1, 2, 2, 0, 0]);
  });

  it('is the CLIP loss between pooled predictions and report vectors', async () => {
    // Each report's matched predictions average to a unit axis; the report vectors are those axes.
    const predictions = f64([[[2, 0], [0, 9], [0, 0]], [[0, 1], [5, 5], [0, 3]]]);
    const m = sentenceMatching(2, 2, 3, [
      { report: 0, target: 0, prediction: 0 },
      { report: 0, target: 1, prediction: 2 },
      { report: 1, target: 0, prediction: 0 },
      { report: 1, target: 1, prediction: 2 },
    ]);
    const loss = await scalar(gpaLoss(predictions, m, f64([[1, 0], [0, 1]]), f64(Math.log(3)), meanPool));
    expect(loss).toBeCloseTo(Math.log(1 + Math.exp(-3)), 13);
  });

  it('passes gradcheck; unmatched predictions get no gradient', async () => {
    const m = sentenceMatching(2, 2, 3, [
      { report: 0, target: 0, prediction: 1 },
      { report: 1, target: 0, prediction: 2 },
      { report: 1, target: 1, prediction: 0 },
    ]);
    const f = (p: Tensor, g: Tensor, s: Tensor) => gpaLoss(p, m, g, s, meanPool);
    const p = rnd([2, 3, 3], 30);
    await gradcheck(f, [p, rnd([2, 3], 31), f64(0.5)]);
    const gp = await values(A.grad(f)(p, rnd([2, 3], 31), f64(0.5)) as Tensor);
    expect(gp.slice(0, 3)).toEqual([0, 0, 0]); // report 0, prediction 0
    expect(gp.slice(6, 9)).toEqual([0, 0, 0]); // report 0, prediction 2
  });
});

describe('imageReconstructionLoss (L_rec_img)', () => {
  it('is the mean absolute error', async () => {
    const x = f64([[[[1, 2], [3, 4]]]]);
    const y = f64([[[[0, 2], [5, 3.5]]]]);
    expect(await scalar(imageReconstructionLoss(x, y))).toBeCloseTo((1 + 0 + 2 + 0.5) / 4, 15);
  });

  it('passes gradcheck and rejects other shapes', async () => {
    await gradcheck((r) => imageReconstructionLoss(r, f64(Float64Array.from({ length: 18 }, (_, i) => 10 * Math.sin(i)), [2, 1, 3, 3])), [rnd([2, 1, 3, 3], 40)]);
    expect(() => imageReconstructionLoss(rnd([1, 1, 4, 4], 1), rnd([1, 1, 8, 8], 2))).toThrow(/must both be \[B, C, H, W\] of the same shape/);
  });
});
