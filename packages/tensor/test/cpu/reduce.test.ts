import { describe, expect, it } from 'vitest';
import type { ReduceOp, View } from '../../src/backend.js';
import type { DType } from '../../src/dtype.js';
import { cpu, strided, values, view } from './helpers.js';

const red = (op: ReduceOp, x: View, axes: number[], out: DType = x.dtype) => values(cpu.reduce(op, x, axes, out));

describe('cpu reduce', () => {
  const x = view([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24], [2, 3, 4]);

  it('reduces any set of axes', () => {
    expect(red('sum', x, [0, 1, 2])).toEqual([300]);
    expect(red('sum', x, [1])).toEqual([15, 18, 21, 24, 51, 54, 57, 60]);
    expect(red('sum', x, [0, 2])).toEqual([10 + 58, 26 + 74, 42 + 90]);
    expect(red('max', x, [2])).toEqual([4, 8, 12, 16, 20, 24]);
    expect(red('min', x, [0])).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(red('prod', view([1, 2, 3, 4], [2, 2]), [1])).toEqual([2, 12]);
  });

  it('handles -inf (masked softmax rows) and propagates NaN through max/min/sum', () => {
    const m = view([-Infinity, -Infinity, -Infinity, 1, -Infinity, 2, NaN, 5, 0], [3, 3]);
    expect(red('max', m, [1])).toEqual([-Infinity, 2, NaN]);
    expect(red('min', m, [1])).toEqual([-Infinity, -Infinity, NaN]);
    expect(red('sum', m, [1])).toEqual([-Infinity, -Infinity, NaN]);
    expect(red('sum', view([Infinity, -Infinity], [2]), [0])).toEqual([NaN]);
    expect(red('max', view([-Infinity, NaN, 3, NaN], [4]), [0])).toEqual([NaN]);
  });

  it('argmax/argmin: first index on ties, NaN counts as the extreme', () => {
    const t = view([1, 3, 3, 0, 2, 2, 2, 2, 5, NaN, 7, NaN, 0, 0, -1, -1], [4, 4]);
    expect(red('argmax', t, [1], 'int32')).toEqual([1, 0, 1, 0]);
    expect(red('argmin', t, [1], 'int32')).toEqual([3, 0, 1, 2]);
    expect(red('argmax', t, [0], 'int32')).toEqual([2, 2, 2, 2]);
    expect(red('argmax', view([-Infinity, -Infinity], [2]), [0], 'int32')).toEqual([0]);
    expect(cpu.reduce('argmax', t, [1], 'int32').dtype).toBe('int32');
  });

  it('accumulates float32 in double and int32 sums with wrap-around', () => {
    const f = view([1e8, 1, -1e8, 1], [4], 'float32');
    expect(red('sum', f, [0])).toEqual([2]);
    const i = view([2 ** 31 - 1, 1, 5], [3], 'int32');
    expect(red('sum', i, [0])).toEqual([-(2 ** 31) + 5]);
    expect(red('prod', view([65536, 65536, 3], [3], 'int32'), [0])).toEqual([0]);
    expect(red('sum', view([1, 0, 1, 1], [4], 'bool'), [0], 'int32')).toEqual([3]);
  });

  it('reads strided, reversed and broadcast inputs', () => {
    // [[6,5,4],[3,2,1]] via negative strides over [1..6]
    const rev = strided([1, 2, 3, 4, 5, 6], [2, 3], [-3, -1], 5);
    expect(red('sum', rev, [1])).toEqual([15, 6]);
    expect(red('argmax', rev, [1], 'int32')).toEqual([0, 0]);
    const bc = strided([2, 7], [3, 2], [0, 1], 0);
    expect(red('sum', bc, [0])).toEqual([6, 21]);
    expect(red('prod', bc, [0, 1])).toEqual([8 * 343]);
  });

  it('does not crash on an empty reduced axis', () => {
    const e = strided([1], [2, 0], [0, 1], 0);
    expect(red('sum', e, [1])).toEqual([0, 0]);
    expect(red('prod', e, [1])).toEqual([1, 1]);
    expect(red('argmax', e, [1], 'int32')).toEqual([0, 0]);
  });
});
