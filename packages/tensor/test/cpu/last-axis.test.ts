import { describe, expect, it } from 'vitest';
import { cpu, strided, values, view } from './helpers.js';

const close = (got: number[], want: number[], tol = 1e-12) =>
  got.forEach((g, i) => (Number.isNaN(want[i]) ? expect(g).toBeNaN() : expect(Math.abs(g - want[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i])))));

describe('cpu softmaxLastAxis', () => {
  it('matches hand values, shifted by the row maximum', () => {
    const e = Math.E;
    const s = 1 + e + e * e;
    close(values(cpu.softmaxLastAxis(view([0, 1, 2, 1000, 1001, 1002], [2, 3]), 'float64')), [1 / s, e / s, (e * e) / s, 1 / s, e / s, (e * e) / s]);
    expect(values(cpu.softmaxLastAxis(view([5], [1]), 'float64'))).toEqual([1]);
  });

  it('gives NaN for rows of -inf, with +inf or NaN (PyTorch), and 0 for -inf entries', () => {
    const I = Infinity;
    const x = view([0, -I, 0, -I, -I, -I, I, 1, 2, NaN, 1, 2], [4, 3]);
    const y = values(cpu.softmaxLastAxis(x, 'float64'));
    close(y.slice(0, 3), [0.5, 0, 0.5]);
    for (const v of y.slice(3)) expect(v).toBeNaN();
  });

  it('reads strided rows and rounds once to float32', () => {
    // rows [1, 3] and [2, 4] of a column-major 2×2.
    const x = strided([1, 2, 3, 4], [2, 2], [1, 2], 0);
    const s = 1 / (1 + Math.exp(2));
    close(values(cpu.softmaxLastAxis(x, 'float64')), [s, 1 - s, s, 1 - s]);
    const f = cpu.softmaxLastAxis(view([0, Math.log(3)], [2], 'float32'), 'float32');
    expect(f.dtype).toBe('float32');
    expect(values(f)).toEqual([Math.fround(0.25), Math.fround(0.75)]);
  });
});

describe('cpu logSumExpLastAxis and log-softmax', () => {
  it('match hand values, shifted by the row maximum', () => {
    const l = Math.log(1 + Math.E + Math.E * Math.E);
    // Row 2 would overflow exp unshifted; row 3 reads a column-major pair.
    close(values(cpu.logSumExpLastAxis(view([0, 1, 2, 1000, 1001, 1002], [2, 3]))), [2 + l - 2, 1002 + l - 2]);
    close(values(cpu.softmaxLastAxis(view([0, 1, 2, 1000, 1001, 1002], [2, 3]), 'float64', true)), [-l, 1 - l, 2 - l, -l, 1 - l, 2 - l]);
    close(values(cpu.logSumExpLastAxis(strided([0, 5, 0, 5], [2, 2], [1, 2], 0))), [0 + Math.log(2), 5 + Math.log(2)]);
  });

  it('give PyTorch results for rows of -inf, with +inf or NaN', () => {
    const I = Infinity;
    const x = view([-I, -I, I, 1, I, -I, NaN, I, 0, -I], [5, 2]);
    expect(values(cpu.logSumExpLastAxis(x))).toEqual([-I, I, I, NaN, 0]);
    // torch.log_softmax: all NaN where softmax is (not x − logsumexp, which would give -inf beside a +inf).
    expect(values(cpu.softmaxLastAxis(x, 'float64', true))).toEqual([NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, 0, -I]);
  });
});

describe('cpu momentsLastAxis', () => {
  it('matches hand values (biased variance), without cancellation on a large offset', () => {
    const r = cpu.momentsLastAxis(view([1, 2, 3, 4, 1e8 + 1, 1e8 + 2, 1e8 + 3, 1e8 + 4], [2, 4]));
    expect(values(r.mean)).toEqual([2.5, 1e8 + 2.5]);
    expect(values(r.variance)).toEqual([1.25, 1.25]);
    const one = cpu.momentsLastAxis(view([7], [1]));
    expect([values(one.mean), values(one.variance)]).toEqual([[7], [0]]);
  });

  it('NaN variance for rows with NaN or ±inf; the mean is Σx/n', () => {
    const I = Infinity;
    const r = cpu.momentsLastAxis(view([-I, 1, I, I, NaN, 0, -I, I], [4, 2]));
    expect(values(r.mean)).toEqual([-I, I, NaN, NaN]);
    for (const v of values(r.variance)) expect(v).toBeNaN();
  });

  it('reads strided, offset rows and keeps float32', () => {
    // shape [2, 3] with row stride 1 and element stride 2, from offset 1
    const x = strided([9, 1, 2, 3, 4, 5, 6, 9], [2, 3], [1, 2], 1, 'float32');
    const r = cpu.momentsLastAxis(x);
    expect(r.mean.dtype).toBe('float32');
    expect(values(r.mean)).toEqual([3, 4]);
    close(values(r.variance), [8 / 3, 8 / 3], 1e-7);
  });
});
