import { describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';

describe('creation', () => {
  it('tensor() infers shape and dtype from nested data', async () => {
    const t = T.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(await t.array()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(T.tensor([true, false]).dtype).toBe('bool');
    expect(await T.tensor([true, false]).array()).toEqual([true, false]);
    expect(T.tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    expect(T.tensor(new Float64Array(6), { shape: [2, 3] }).shape).toEqual([2, 3]);
    expect(await T.tensor(3.5).item()).toBe(3.5);
    expect(T.tensor(3.5).shape).toEqual([]);
  });

  it('rejects ragged data, wrong sizes and bad dtypes with named errors', () => {
    expect(() => T.tensor([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => T.tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/3 values cannot fill shape \[2, 2\]/);
    expect(() => T.zeros([2, -1])).toThrow(/non-negative integers/);
    expect(() => T.zeros([2], { dtype: 'float16' as never })).toThrow(/dtype must be one of/);
  });

  it('full, zeros, ones, *Like', async () => {
    expect(Array.from(await T.full([2, 2], 7, { dtype: 'int32' }).data())).toEqual([7, 7, 7, 7]);
    const o = T.ones([3], { dtype: 'float64' });
    expect(T.zerosLike(o).dtype).toBe('float64');
    expect(Array.from(await T.fullLike(o, 2).data())).toEqual([2, 2, 2]);
    expect(T.zeros([0, 3]).size).toBe(0);
  });

  it('arange, linspace, eye', async () => {
    expect(Array.from(await T.arange(5).data())).toEqual([0, 1, 2, 3, 4]);
    expect(T.arange(5).dtype).toBe('int32');
    expect(Array.from(await T.arange(1, 2, 0.25).data())).toEqual([1, 1.25, 1.5, 1.75]);
    expect(Array.from(await T.arange(5, 0, -2).data())).toEqual([5, 3, 1]);
    expect(() => T.arange(0, 1, 0)).toThrow(/step/);
    const l = await T.linspace(0, 1, 5).data();
    expect(Array.from(l)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(await T.eye(2, 3).array()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });
});
