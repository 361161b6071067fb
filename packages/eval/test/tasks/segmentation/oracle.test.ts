/**
 * The decoder can learn: on bright squares over noise, a U-Net decoder on a parameter-free
 * pooling encoder (the image at strides 2 and 4) reaches a high test Dice within about a
 * hundred steps; constant predictions score near zero on the same test set.
 */
import { describe, expect, it } from 'vitest';
import { maskScores, runSegmentation } from '../../../src/index.js';
import { poolingEncoder } from '../../heads/encoders.js';
import { squareImages } from '../../heads/squares.js';

describe('segmentation oracle', () => {
  const pre = { size: 32, channels: 1, mean: 0, std: 1 };
  const data = { name: 'squares', pre, train: squareImages(48, 32, 1), val: squareImages(8, 32, 2), test: squareImages(16, 32, 3) };

  it('constant predictions score near zero', () => {
    const truths = data.test.map((m) => m.mask);
    expect(maskScores(truths.map((t) => new Uint8Array(t.length)), truths).dice.mean).toBe(0);
    expect(maskScores(truths.map((t) => new Uint8Array(t.length).fill(1)), truths).dice.mean).toBeLessThan(0.35);
  });

  it('a decoder trained about a hundred steps reaches Dice > 0.85', async () => {
    const run = await runSegmentation(data, poolingEncoder([2, 4]), {
      fractions: [1],
      seeds: [0],
      decoderWidths: [8, 8],
      maxUpBlocks: 0,
      lr: 1e-2,
      stepsPerRound: 40,
      maxRounds: 3,
      overlayImages: 2,
      bootstrap: { resamples: 50 },
      device: 'cpu',
    });
    const m = run.results[0].perSeed[0].metrics;
    console.log('segmentation oracle', m);
    expect(m.dice).toBeGreaterThan(0.85);
    expect(m['dice/image']).toBeGreaterThan(0.85);
    expect(m['dice/positive']).toBeGreaterThan(0.85);
    expect(run.overlays).toHaveLength(1);
  });
});
