import { describe, expect, it } from 'vitest';
import type { BinaryOp } from '../../src/backend.js';
import { cpu, expectClose, strided, values, view } from './helpers.js';

const XS = [-7.5, -5, -3.2, -2, -1.99, -0.7, -1e-9, 0, 0.25, 1, 1.5, 2.0, 2.5, 4, 6.5];
// Python's math.erf / math.erfc (C library, correctly rounded to a few ulps).
const ERF = [
  -1.0, -0.9999999999984626, -0.9999939742388483, -0.9953222650189527, -0.995111413199617, -0.6778011938374184,
  -1.1283791670955127e-9, 0.0, 0.2763263901682369, 0.8427007929497149, 0.9661051464753108, 0.9953222650189527,
  0.999593047982555, 0.9999999845827421, 1.0,
];
// x/2 · erfc(−x/√2) from math.erfc: the tail stays accurate where 1 + erf cancels.
const GELU_XS = [-30, -12, ...XS];
const GELU = [
  -1.4720141781446293e-196, -2.1317785344932424e-32, -2.3931687546831897e-13, -1.4332578593959731e-6,
  -0.002198841401330715, -0.04550026389635844, -0.04635798082292156, -0.16937455655615113, -4.999999996010577e-10, 0.0,
  0.14967658142073093, 0.8413447460685429, 1.399789198096713, 1.9544997361036416, 2.4844758366855597,
  3.9998733150326675, 6.49999999973896,
];

const un = (op: Parameters<typeof cpu.unary>[0], xs: number[], inD = 'float64' as const, outD = inD as string) =>
  values(cpu.unary(op, view(xs, [xs.length], inD), outD as never));

describe('cpu unary', () => {
  it('erf matches the C library to ~1e-15 and gelu keeps relative accuracy in the tail', () => {
    expectClose(un('erf', XS), ERF, 1e-14, 1e-300);
    expectClose(un('gelu', GELU_XS), GELU, 1e-12, 1e-300);
  });

  it('sigmoid is stable for large |x| and matches 1/(1+e^-x)', () => {
    const r = un('sigmoid', [-800, -40, 0, 3, 800]);
    expect(r[0]).toBe(0);
    expectClose(r.slice(1, 4), [Math.exp(-40) / (1 + Math.exp(-40)), 0.5, 1 / (1 + Math.exp(-3))], 1e-15);
    expect(r[4]).toBe(1);
  });

  it('handles signs, zeros and NaN like PyTorch', () => {
    expect(un('sign', [-2, 0, 3, NaN])).toEqual([-1, 0, 1, NaN]);
    expect(un('relu', [-2, 0, 3, NaN])).toEqual([0, 0, 3, NaN]);
    expect(un('isnan', [1, NaN, Infinity], 'float64', 'bool')).toEqual([0, 1, 0]);
    expect(un('not', [0, 1, 0] as number[], 'bool' as never, 'bool')).toEqual([1, 0, 1]);
    expect(un('rsqrt', [4, 0])).toEqual([0.5, Infinity]);
    expect(un('log1p', [1e-20])).toEqual([1e-20]);
  });

  it('computes in double and rounds once to float32', () => {
    const x = Math.fround(0.1);
    expect(un('exp', [x], 'float32' as never)).toEqual([Math.fround(Math.exp(x))]);
    expect(un('tanh', [0.5], 'float32' as never)).toEqual([Math.fround(Math.tanh(Math.fround(0.5)))]);
  });

  it('identity to another dtype is a cast', () => {
    expect(un('identity', [2.9, -2.9, 0.5, -0.0], 'float64', 'int32')).toEqual([2, -2, 0, 0]);
    expect(un('identity', [0, 0.25, NaN, -3], 'float32' as never, 'bool')).toEqual([0, 1, 1, 1]);
    expect(un('identity', [1, 0], 'bool' as never, 'float32')).toEqual([1, 0]);
    expect(un('identity', [7, -3], 'int32' as never, 'float64')).toEqual([7, -3]);
  });

  it('int32 neg and square wrap', () => {
    expect(un('neg', [-(2 ** 31)], 'int32' as never)).toEqual([-(2 ** 31)]);
    expect(un('square', [65536, 46341], 'int32' as never)).toEqual([0, Math.imul(46341, 46341)]);
  });
});

const bin = (op: BinaryOp, a: number[], b: number[], inD = 'float64', outD = inD) =>
  values(cpu.binary(op, view(a, [a.length], inD as never), view(b, [b.length], inD as never), outD as never));

describe('cpu binary and where', () => {
  it('int32 add/sub/mul wrap like int32', () => {
    const big = 2 ** 31 - 1;
    expect(bin('add', [big, -big], [1, -2], 'int32')).toEqual([-(2 ** 31), 2 ** 31 - 1]);
    expect(bin('sub', [-(2 ** 31)], [1], 'int32')).toEqual([2 ** 31 - 1]);
    expect(bin('mul', [123456789, -7], [987654321, 3], 'int32')).toEqual([Math.imul(123456789, 987654321), -21]);
    expect(bin('pow', [3, 2, 5, -1], [4, 31, 20, 3], 'int32')).toEqual([81, -(2 ** 31), Math.imul(5 ** 10, 5 ** 10), -1]);
  });

  it('maximum/minimum propagate NaN; comparisons treat NaN as unordered', () => {
    expect(bin('maximum', [1, NaN, 3], [2, 0, NaN])).toEqual([2, NaN, NaN]);
    expect(bin('minimum', [1, NaN, -Infinity], [2, 0, 5])).toEqual([1, NaN, -Infinity]);
    expect(bin('eq', [1, NaN], [1, NaN], 'float64', 'bool')).toEqual([1, 0]);
    expect(bin('ne', [1, NaN], [1, NaN], 'float64', 'bool')).toEqual([0, 1]);
    expect(bin('lt', [1, 2, NaN], [2, 2, 0], 'float64', 'bool')).toEqual([1, 0, 0]);
    expect(bin('le', [1, 2, NaN], [2, 2, 0], 'float64', 'bool')).toEqual([1, 1, 0]);
    expect(bin('gt', [3, 2], [2, 2], 'float64', 'bool')).toEqual([1, 0]);
    expect(bin('ge', [3, 2], [2, 2], 'float64', 'bool')).toEqual([1, 1]);
    expect(bin('and', [1, 1, 0], [1, 0, 0], 'bool', 'bool')).toEqual([1, 0, 0]);
    expect(bin('or', [1, 1, 0], [1, 0, 0], 'bool', 'bool')).toEqual([1, 1, 0]);
  });

  it('div and pow follow IEEE / C semantics', () => {
    expect(bin('div', [1, -1, 0, 7], [0, 0, 0, 2])).toEqual([Infinity, -Infinity, NaN, 3.5]);
    expect(bin('pow', [1, 2, -8, 0], [NaN, 0.5, 1 / 3, 0])).toEqual([1, Math.SQRT2, NaN, 1]);
    const f = Math.fround;
    expect(bin('div', [1], [3], 'float32')).toEqual([f(1 / 3)]);
  });

  it('reads broadcast (stride 0) and reversed (negative stride) operands', () => {
    // a: [[1,2,3]] broadcast over 2 rows; b: [10,20,30,40,50,60] read backwards as [[60,50,40],[30,20,10]].
    const a = strided([1, 2, 3], [2, 3], [0, 1], 0);
    const b = strided([10, 20, 30, 40, 50, 60], [2, 3], [-3, -1], 5);
    expect(values(cpu.binary('add', a, b, 'float64'))).toEqual([61, 52, 43, 31, 22, 13]);
  });

  it('where selects by a bool condition', () => {
    const c = view([1, 0, 1, 0], [4], 'bool');
    const r = cpu.where(c, view([1, 2, 3, 4], [4]), strided([9], [4], [0], 0), 'float32');
    expect(values(r)).toEqual([1, 9, 3, 9]);
    expect(r.dtype).toBe('float32');
  });
});
