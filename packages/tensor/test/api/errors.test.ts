import { describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';

describe('errors name the op and the shapes', () => {
  it('broadcast mismatch', () => {
    expect(() => T.add(T.zeros([2, 3]), T.zeros([4]))).toThrow(/add: shapes \[2, 3\] and \[4\] cannot be broadcast/);
  });
  it('matmul inner dims', () => {
    expect(() => T.matmul(T.zeros([2, 3]), T.zeros([4, 5]))).toThrow(/matmul: inner dims differ: \[2, 3\] @ \[4, 5\]/);
  });
  it('conv2d channel mismatch and dtype', () => {
    expect(() => T.conv2d(T.zeros([1, 3, 5, 5]), T.zeros([4, 2, 3, 3]))).toThrow(/conv2d: input \[1, 3, 5, 5\] and weight \[4, 2, 3, 3\]/);
    expect(() => T.conv2d(T.zeros([1, 1, 5, 5], { dtype: 'int32' }), T.zeros([1, 1, 3, 3], { dtype: 'int32' }))).toThrow(/floating-point/);
  });
  it('shiftScale operand dtypes and shapes', () => {
    const i = T.zeros([2], { dtype: 'int32' });
    expect(() => T.shiftScale(i, 1, 2, 3)).toThrow(/shiftScale: expected floating-point operands, got int32, int32, int32, int32/);
    expect(() => T.shiftScale(T.zeros([2, 3]), T.zeros([3]), T.zeros([4]), 0)).toThrow(/shiftScale: shapes .* cannot be broadcast/);
    i.dispose();
  });
  it('axis out of range, reshape size, index dtype', () => {
    expect(() => T.sum(T.zeros([2, 3]), 2)).toThrow(/axis 2 is out of range for a tensor of rank 2/);
    expect(() => T.reshape(T.zeros([2, 3]), [4])).toThrow(/reshape: shape \[4\] has 4 elements but the input \[2, 3\] has 6/);
    expect(() => T.gather(T.zeros([3]), 0, T.zeros([2]))).toThrow(/index must be int32/);
  });
  it('cpu gather rejects out-of-range indices', () => {
    expect(() => T.gather(T.zeros([3]), 0, T.tensor([0, 5], { dtype: 'int32' }))).toThrow(/5/);
  });
  it('item on a multi-element tensor', async () => {
    await expect(T.zeros([2]).item()).rejects.toThrow(/item: tensor of shape \[2\] has 2 elements/);
  });
});
