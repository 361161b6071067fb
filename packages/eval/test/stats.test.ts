import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInterval, formatMeanStd, formatNumber, meanStd } from '../src/index.js';

describe('meanStd', () => {
  it('uses the sample standard deviation (n − 1), like numpy std(ddof=1)', () => {
    // numpy: np.std([0.81, 0.84, 0.86, 0.79, 0.83], ddof=1) = 0.02701851217221256
    const r = meanStd([0.81, 0.84, 0.86, 0.79, 0.83]);
    expect(r.mean).toBeCloseTo(0.826, 14);
    expect(r.std).toBeCloseTo(0.02701851217221256, 14);
    expect(r.n).toBe(5);
  });
  it('one value has NaN spread; empty or NaN input is an error', () => {
    expect(meanStd([0.5]).std).toBeNaN();
    expect(() => meanStd([])).toThrow(/at least one value/);
    expect(() => meanStd([1, NaN])).toThrow('meanStd: values[1] must be a number, got NaN');
  });
  it('is shift-invariant in std and never negative', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 2, maxLength: 10 }), fc.double({ min: -5, max: 5, noNaN: true }), (xs, c) => {
      const a = meanStd(xs);
      const b = meanStd(xs.map((x) => x + c));
      return a.std >= 0 && Math.abs(a.std - b.std) < 1e-9;
    }));
  });
});

describe('formatting', () => {
  it('prints percentages with one decimal by default', () => {
    expect(formatMeanStd({ mean: 0.876, std: 0.0041 })).toBe('87.6 ± 0.4');
    expect(formatMeanStd({ mean: 0.876, std: NaN })).toBe('87.6');
    expect(formatMeanStd({ mean: 0.25, std: 0.01 }, { digits: 3, scale: 1 })).toBe('0.250 ± 0.010');
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(-0.00001)).toBe('0.0');
    expect(formatInterval(0.851, 0.902)).toBe('[85.1, 90.2]');
  });
});
