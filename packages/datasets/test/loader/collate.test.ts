import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import type { Image } from '../../src/images/index.js';
import { collate } from '../../src/loader/index.js';
import type { Tensor } from '@prior/tensor';

const img = (v: number): Image => ({ width: 3, height: 2, channels: 1, data: new Float32Array(6).fill(v) });

describe('collate', () => {
  it('stacks each kind of field', async () => {
    const recs = [
      { id: 'a', image: img(0.1), ids: Int32Array.of(101, 5, 102), mask: { data: new Uint8Array([1, 0, 0, 1]), shape: [2, 2] }, labels: [1, 0, -1], age: 40, frontal: true, boxes: [[1, 2, 3, 4]] },
      { id: 'b', image: img(0.2), ids: Int32Array.of(101, 7, 0), mask: { data: new Uint8Array([0, 0, 1, 1]), shape: [2, 2] }, labels: [0, 1, 0], age: 61.5, frontal: false, boxes: [] },
      { id: 'c', image: img(0.3), ids: Int32Array.of(101, 9, 102), mask: { data: new Uint8Array([1, 1, 1, 1]), shape: [2, 2] }, labels: [0, 0, 1], age: 7, frontal: true, boxes: [[5, 6, 7, 8], [9, 10, 11, 12]] },
    ];
    const b = collate(recs);
    const t = (k: string) => b[k] as Tensor;
    expect(b.id).toEqual(['a', 'b', 'c']);
    expect([t('image').shape, t('image').dtype]).toEqual([[3, 1, 2, 3], 'float32']);
    expect([t('ids').shape, t('ids').dtype]).toEqual([[3, 3], 'int32']);
    expect(Array.from(await t('ids').data())).toEqual([101, 5, 102, 101, 7, 0, 101, 9, 102]);
    expect(t('mask').shape).toEqual([3, 2, 2]);
    expect(t('labels').shape).toEqual([3, 3]);
    expect(Array.from(await t('age').data())).toEqual([40, 61.5, 7]);
    expect(t('frontal').dtype).toBe('bool');
    expect(t('boxes').shape).toEqual([3, 2, 4]);
    expect(Array.from(await t('boxes').data())).toEqual([1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Array.from(await t('boxesCount').data())).toEqual([1, 0, 2]);
    const img0 = Array.from(await t('image').data()).slice(0, 6);
    img0.forEach((v) => expect(v).toBeCloseTo(0.1, 6));
  });
  it('dtype overrides and errors that name the field and record', () => {
    expect((collate([{ y: 1 }, { y: 0 }], { dtypes: { y: 'int32' } }).y as Tensor).dtype).toBe('int32');
    expect(() => collate([{ image: img(0) }, { image: { ...img(0), width: 2, data: new Float32Array(4) } }])).toThrow(
      /field "image" is 3x2x1 in record 0 but 2x2x1 in record 1/,
    );
    expect(() => collate([{ ids: Int32Array.of(1, 2) }, { ids: Int32Array.of(1) }])).toThrow(/field "ids" has 2 values in record 0 but 1 in record 1/);
    expect(() => collate([{ a: 1 }, { b: 1 }])).toThrow(ConfigError);
    expect(() => collate([])).toThrow(/no records/);
  });
});
