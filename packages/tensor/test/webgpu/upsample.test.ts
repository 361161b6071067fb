import { describe, it } from 'vitest';
import type { Backend, UpsampleMode } from '../../src/backend.js';
import { cpu, gpu } from '../support/backends.js';
import { type Layout, expectClose, freeAll, randomValues, readBoth, rng, upload } from './kernel-views.js';

const g = gpu as Backend;
const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

async function check(xShape: number[], outHW: [number, number], mode: UpsampleMode, alignCorners: boolean, seed: number, lx?: Layout): Promise<void> {
  const rand = rng(seed);
  const yShape = [xShape[0], xShape[1], ...outHW];
  const what = JSON.stringify({ xShape, outHW, mode, alignCorners });
  const x = upload(cpu, g, xShape, randomValues(size(xShape), rand), lx);
  const y = await readBoth(cpu, g, cpu.upsample2d(x.cpu, mode, outHW, alignCorners), g.upsample2d(x.gpu, mode, outHW, alignCorners), yShape);
  expectClose(y.got, y.want, 4, `upsample2d ${what}`);
  const dy = upload(cpu, g, yShape, randomValues(size(yShape), rand), { order: [1, 0, 3, 2] });
  const dx = await readBoth(cpu, g, cpu.upsample2dBackward(dy.cpu, mode, xShape, alignCorners), g.upsample2dBackward(dy.gpu, mode, xShape, alignCorners), xShape);
  // Each input gathers about (out/in)² outputs per axis pair, four taps each.
  const fan = 4 * Math.ceil(outHW[0] / xShape[2] + 1) * Math.ceil(outHW[1] / xShape[3] + 1);
  expectClose(dx.got, dx.want, fan, `upsample2dBackward ${what}`);
  freeAll([x, dy], cpu, g);
}

const cases: { x: number[]; out: [number, number] }[] = [
  { x: [2, 3, 4, 5], out: [8, 10] }, // ×2
  { x: [1, 2, 3, 3], out: [9, 7] }, // ×3 and a non-integer factor (ties in the f32 nearest rule)
  { x: [1, 2, 9, 10], out: [4, 3] }, // down-scaling
  { x: [2, 1, 5, 6], out: [5, 13] }, // identity along h
  { x: [1, 1, 1, 4], out: [6, 1] }, // single-pixel axes
  { x: [1, 1, 3, 2], out: [17, 11] }, // large factors
];

describe.skipIf(!gpu)('webgpu upsample2d', () => {
  it('nearest, forward and backward', async () => {
    let seed = 1;
    for (const c of cases) await check(c.x, c.out, 'nearest', false, seed++);
    await check([2, 2, 5, 4], [7, 9], 'nearest', false, seed++, { order: [0, 2, 3, 1], offset: 3 });
  });
  it('bilinear without aligned corners', async () => {
    let seed = 11;
    for (const c of cases) await check(c.x, c.out, 'bilinear', false, seed++);
    await check([2, 2, 5, 4], [7, 9], 'bilinear', false, seed++, { flip: [2], step: 2 });
  });
  it('bilinear with aligned corners', async () => {
    let seed = 21;
    for (const c of cases) await check(c.x, c.out, 'bilinear', true, seed++);
    await check([2, 2, 5, 4], [3, 9], 'bilinear', true, seed++, { order: [1, 0, 2, 3] });
  });
  it('more outputs than one row of workgroups holds (folded grid)', async () => {
    // 2100² outputs need 68,907 workgroups of 64: the grid folds into y.
    const rand = rng(31);
    const x = upload(cpu, g, [1, 1, 30, 30], randomValues(900, rand));
    const y = await readBoth(cpu, g, cpu.upsample2d(x.cpu, 'nearest', [2100, 2100], false), g.upsample2d(x.gpu, 'nearest', [2100, 2100], false), [1, 1, 2100, 2100]);
    expectClose(y.got, y.want, 1, 'upsample2d 30→2100');
    freeAll([x], cpu, g);
  });
});
