/**
 * The detector can learn: on bright squares over noise, an FCOS head on a parameter-free
 * pooling encoder reaches a high test mAP (IoU 0.40–0.75) within about a hundred
 * steps; constant predictions (one fixed box per image, or none) score near zero.
 */
import { describe, expect, it } from 'vitest';
import { meanAveragePrecision, runDetection } from '../../../src/index.js';
import { poolingEncoder } from '../../heads/encoders.js';
import { squareImages } from '../../heads/squares.js';

describe('detection oracle', () => {
  const pre = { size: 32, channels: 1, mean: 0, std: 1 };
  const data = { name: 'squares', pre, train: squareImages(48, 32, 11, { maxSquares: 2 }), val: squareImages(8, 32, 12, { maxSquares: 2 }), test: squareImages(16, 32, 13, { maxSquares: 2 }) };

  it('constant predictions score near zero', () => {
    const fixed = meanAveragePrecision(data.test.map((m) => ({ predictions: [{ x: 9, y: 9, width: 14, height: 14, score: 1 }], truths: m.boxes })));
    expect(fixed.map).toBeLessThan(0.1);
    expect(meanAveragePrecision(data.test.map((m) => ({ predictions: [], truths: m.boxes }))).map).toBe(0);
  });

  it('an FCOS head trained about a hundred steps reaches mAP > 0.7', async () => {
    const run = await runDetection(data, poolingEncoder([2, 4]), {
      fractions: [1],
      seeds: [0],
      levels: [1],
      width: 16,
      lr: 1e-2,
      stepsPerRound: 40,
      maxRounds: 3,
      pictureImages: 2,
      bootstrap: { resamples: 20 },
      device: 'cpu',
    });
    const m = run.results[0].perSeed[0].metrics;
    console.log('detection oracle', m);
    expect(m.map).toBeGreaterThan(0.7);
    expect(run.pictures).toHaveLength(1);
  });
});
