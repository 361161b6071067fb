import { describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';

describe('views share storage; copies do not', () => {
  it('reshape of a contiguous tensor and permute/slice/expand/flip are views', () => {
    const x = T.arange(24, undefined, 1, { dtype: 'float32' }).reshape([2, 3, 4]);
    const before = T.memory().bytes;
    const views = [x.reshape([6, 4]), x.permute([2, 0, 1]), x.slice([null, [0, 3, 2]]), x.unsqueeze(0).expand([5, 2, 3, 4]), x.flip(1), x.transpose(), x.select(1, 2)];
    expect(T.memory().bytes).toBe(before);
    expect(views[1].isContiguous).toBe(false);
    for (const v of views) v.dispose();
    x.dispose();
  });

  it('view() on a non-contiguous tensor throws, reshape() copies', async () => {
    const x = T.arange(6, undefined, 1, { dtype: 'float32' }).reshape([2, 3]);
    const t = x.transpose();
    expect(() => t.view([6])).toThrow(/not contiguous/);
    expect(Array.from(await t.reshape([6]).data())).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('storage stays alive while any view does', async () => {
    const x = T.tensor([1, 2, 3, 4]);
    const v = x.slice([[1, 3]]);
    x.dispose();
    expect(Array.from(await v.data())).toEqual([2, 3]);
    v.dispose();
  });

  it('flip and negative strides read correctly', async () => {
    const x = T.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(await x.flip([0, 1]).array()).toEqual([[6, 5, 4], [3, 2, 1]]);
    expect(await x.flip(1).slice([null, [0, 3, 2]]).array()).toEqual([[3, 1], [6, 4]]);
  });

  it('pad follows F.pad order and crops with negative pads', async () => {
    const x = T.tensor([[1, 2], [3, 4]]);
    expect(await T.pad(x, [1, 0]).array()).toEqual([[0, 1, 2], [0, 3, 4]]);
    expect(await T.pad(x, [0, 0, 1, 1], 9).array()).toEqual([[9, 9], [1, 2], [3, 4], [9, 9]]);
    expect(await T.pad(x, [-1, 1]).array()).toEqual([[2, 0], [4, 0]]);
  });

  it('split/chunk follow PyTorch sizes', () => {
    const x = T.zeros([7, 2]);
    expect(T.split(x, 3).map((t) => t.shape[0])).toEqual([3, 3, 1]);
    expect(T.chunk(x, 3).map((t) => t.shape[0])).toEqual([3, 3, 1]);
    expect(T.split(x, [2, 5]).map((t) => t.shape[0])).toEqual([2, 5]);
    expect(() => T.split(x, [2, 4])).toThrow(/do not sum/);
  });
});
