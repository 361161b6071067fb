/** Dice + BCE: values worked out by hand, and its gradient against finite differences. */
import { gradcheck } from '@prior/autograd';
import { describe, expect, it } from 'vitest';
import { type Tensor, tensor } from '@prior/tensor';
import { diceBceLoss, softDiceLoss } from '../../src/index.js';

const t = (data: number[], shape: number[], dtype: 'float32' | 'float64' = 'float32'): Tensor => tensor(data, { shape, dtype, device: 'cpu' });
const value = async (x: Tensor) => (await x.data())[0];

describe('Dice + BCE loss', () => {
  it('logits 0 (p = 0.5): Dice from the counts, BCE = ln 2', async () => {
    const logits = t([0, 0, 0, 0, 0, 0, 0, 0], [2, 1, 2, 2]);
    // Image 1, truth 1100: 1 − (2·1 + 1)/(2 + 2 + 1) = 0.4. Image 2, empty truth: 1 − 1/(2 + 0 + 1) = 2/3.
    const target = t([1, 1, 0, 0, 0, 0, 0, 0], [2, 1, 2, 2]);
    expect(await value(softDiceLoss(logits, target))).toBeCloseTo((0.4 + 2 / 3) / 2, 6);
    expect(await value(diceBceLoss(logits, target))).toBeCloseTo((0.4 + 2 / 3) / 2 + Math.log(2), 6);
    expect(await value(diceBceLoss(logits, target, { diceWeight: 2, bceWeight: 0.5 }))).toBeCloseTo(0.4 + 2 / 3 + 0.5 * Math.log(2), 6);
    // Without smoothing image 1 scores 1 − 2/4 = 0.5 (image 2 alone: 1 − 0/2 = 1).
    expect(await value(softDiceLoss(t([0, 0, 0, 0], [1, 4]), t([1, 1, 0, 0], [1, 4]), 0))).toBeCloseTo(0.5, 6);
  });

  it('confident and right costs ~0; confident and wrong costs Dice ~1 plus a large BCE', async () => {
    const truth = t([1, 1, 0, 0], [1, 1, 2, 2]);
    expect(await value(diceBceLoss(t([20, 20, -20, -20], [1, 1, 2, 2]), truth))).toBeLessThan(1e-6);
    const wrong = await value(diceBceLoss(t([-20, -20, 20, 20], [1, 1, 2, 2]), truth));
    expect(wrong).toBeCloseTo(1 - 1 / 5 + 20, 4);
    expect(() => diceBceLoss(t([0, 0], [1, 2]), t([0, 0, 0], [1, 3]))).toThrow(/same shape/);
  });

  it('gradient matches finite differences (f64)', async () => {
    const logits = t([0.3, -1.2, 2, 0.1, -0.4, 0.9, -2.1, 1.5], [2, 1, 2, 2], 'float64');
    const target = t([1, 0, 1, 1, 0, 0, 1, 0], [2, 1, 2, 2], 'float64');
    await gradcheck((x) => diceBceLoss(x, target, { diceWeight: 1.5 }), [logits]);
  });
});
