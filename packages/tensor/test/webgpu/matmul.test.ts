import { describe, it } from 'vitest';
import { expect } from 'vitest';
import type { Backend, View } from '../../src/backend.js';
import { DTypeError } from '../../src/errors.js';
import { cpu, gpu } from '../support/backends.js';
import { type Layout, expandDims, expectClose, freeAll, randomValues, readBoth, rng, upload } from './kernel-views.js';

const g = gpu as Backend;

/** Multiplies a [...batch, M, K] by b [...batch, K, N] on both backends and compares. */
async function check(batch: number[], M: number, K: number, N: number, la: Layout = {}, lb: Layout = {}, seed = 1, bcast: { a?: number[]; b?: number[] } = {}): Promise<void> {
  const rand = rng(seed);
  // Broadcast batch dims are stored with size 1 and expanded to stride 0.
  const aStored = batch.map((d, i) => (bcast.a?.includes(i) ? 1 : d));
  const bStored = batch.map((d, i) => (bcast.b?.includes(i) ? 1 : d));
  const aShape = [...aStored, M, K];
  const bShape = [...bStored, K, N];
  const a = upload(cpu, g, aShape, randomValues(aShape.reduce((x, y) => x * y, 1), rand), la);
  const b = upload(cpu, g, bShape, randomValues(bShape.reduce((x, y) => x * y, 1), rand), lb);
  const ex = (v: View, dims: number[] | undefined, last: number[]): View => expandDims(v, [...batch, ...last], dims ?? []);
  const c = cpu.matmul(ex(a.cpu, bcast.a, [M, K]), ex(b.cpu, bcast.b, [K, N]), 'float64');
  const w = g.matmul(ex(a.gpu, bcast.a, [M, K]), ex(b.gpu, bcast.b, [K, N]), 'float32');
  const { want, got } = await readBoth(cpu, g, c, w, [...batch, M, N]);
  expectClose(got, want, K, `matmul ${JSON.stringify({ batch, M, K, N, la, lb, bcast })}`);
  freeAll([a, b], cpu, g);
}

const T: Layout = { order: [1, 0] }; // 2-D transposed storage

describe.skipIf(!gpu)('webgpu matmul', () => {
  it('odd sizes that are not multiples of the tile', async () => {
    const sizes = [1, 3, 17, 65, 130];
    let seed = 1;
    for (const M of sizes) for (const N of [1, 17, 130]) await check([], M, sizes[seed % sizes.length], N, {}, {}, seed++);
    await check([], 130, 65, 130, {}, {}, 99);
    await check([], 64, 64, 64, {}, {}, 98);
  });

  it('reads transposed, strided, flipped and offset operands in place', async () => {
    await check([], 17, 65, 33, T, T, 2);
    await check([], 65, 17, 3, { step: 2, offset: 5 }, T, 3);
    await check([], 70, 130, 66, { order: [1, 0], step: 3 }, { flip: [0, 1], offset: 2 }, 4);
    await check([], 5, 7, 1, { flip: [1] }, { step: 2 }, 5);
  });

  it('batches with broadcast and permuted batch dims', async () => {
    await check([3], 17, 9, 65, {}, {}, 6);
    await check([2, 3], 5, 17, 7, { order: [2, 0, 1, 3] }, { order: [1, 0, 3, 2] }, 7);
    await check([4, 2], 33, 3, 70, {}, {}, 8, { a: [1], b: [0] });
    await check([3, 1, 2], 1, 130, 17, { order: [3, 2, 1, 0, 4] }, {}, 9, { b: [0, 2] });
  });

  it('multiplies int32 exactly with wrapping', async () => {
    const rand = rng(11);
    const vals = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 2001) - 1000);
    const a = upload(cpu, g, [2, 9, 70], [...vals(2 * 9 * 70 - 1), 2 ** 30], {}, 'int32');
    const b = upload(cpu, g, [2, 70, 5], [...vals(2 * 70 * 5 - 1), 7], { order: [0, 2, 1] }, 'int32');
    const c = cpu.matmul(a.cpu, b.cpu, 'int32');
    const w = g.matmul(a.gpu, b.gpu, 'int32');
    const { want, got } = await readBoth(cpu, g, c, w, [2, 9, 5]);
    expect(Array.from(got)).toEqual(Array.from(want));
    freeAll([a, b], cpu, g);
  });

  it('names the op when asked for bool', () => {
    const a = upload(cpu, g, [2, 2], [1, 0, 1, 1], {}, 'int32');
    expect(() => g.matmul({ ...a.gpu, dtype: 'bool' }, { ...a.gpu, dtype: 'bool' }, 'bool')).toThrow(DTypeError);
    expect(() => g.matmul({ ...a.gpu, dtype: 'bool' }, { ...a.gpu, dtype: 'bool' }, 'bool')).toThrow(/matmul/);
    freeAll([a], cpu, g);
  });
});
