import { describe, expect, it } from 'vitest';
import { TensorError } from '../../src/errors.js';
import { cpu, strided, values, view } from './helpers.js';

describe('cpu gather', () => {
  const x = view([1, 2, 3, 4, 5, 6], [2, 3]);

  it('matches torch.gather along each dim', () => {
    // torch.gather(x, 1, [[2, 0], [1, 1]]) = [[3, 1], [5, 5]]
    expect(values(cpu.gather(x, 1, view([2, 0, 1, 1], [2, 2], 'int32')))).toEqual([3, 1, 5, 5]);
    // torch.gather(x, 0, [[1, 0, 1]]) = [[4, 2, 6]]
    expect(values(cpu.gather(x, 0, view([1, 0, 1], [1, 3], 'int32')))).toEqual([4, 2, 6]);
  });

  it('reads strided sources and keeps the source dtype', () => {
    const t = strided([1, 2, 3, 4, 5, 6], [3, 2], [1, 3], 0, 'int32'); // x transposed: [[1,4],[2,5],[3,6]]
    const r = cpu.gather(t, 1, strided([1, 0], [3, 1], [0, 1], 1, 'int32')); // index 0 for every row
    expect(r.dtype).toBe('int32');
    expect(values(r)).toEqual([1, 2, 3]);
  });

  it('rejects out-of-range indices, naming the op, index and range', () => {
    expect(() => cpu.gather(x, 1, view([3], [1, 1], 'int32'))).toThrow(TensorError);
    expect(() => cpu.gather(x, 1, view([-1], [1, 1], 'int32'))).toThrow(/gather: index -1 .* 0 to 2/);
  });
});

describe('cpu scatterAdd', () => {
  it('matches torch.Tensor.scatter_add and leaves base untouched', () => {
    const base = view([0, 0, 0, 0, 0, 0], [2, 3]);
    const index = view([0, 0, 2, 1, 1, 1], [2, 3], 'int32');
    const src = view([1, 2, 3, 4, 5, 6], [2, 3]);
    // torch.zeros(2,3).scatter_add(1, index, src) = [[3, 0, 3], [0, 15, 0]]
    expect(values(cpu.scatterAdd(base, 1, index, src))).toEqual([3, 0, 3, 0, 15, 0]);
    // along dim 0 with a smaller index shape: rows picked per column
    const idx0 = view([1, 0, 1], [1, 3], 'int32');
    expect(values(cpu.scatterAdd(view([1, 1, 1, 1, 1, 1], [2, 3]), 0, idx0, src))).toEqual([1, 3, 1, 2, 1, 4]);
    expect(values(base.storage)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('wraps int32 and rejects bad indices', () => {
    const base = view([2 ** 31 - 1], [1], 'int32');
    expect(values(cpu.scatterAdd(base, 0, view([0], [1], 'int32'), view([1], [1], 'int32')))).toEqual([-(2 ** 31)]);
    expect(() => cpu.scatterAdd(base, 0, view([1], [1], 'int32'), view([1], [1], 'int32'))).toThrow(/scatterAdd: index 1/);
  });
});
