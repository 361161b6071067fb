import { describe, expect, it } from 'vitest';
import type { Backend, Conv2dParams } from '../../src/backend.js';
import { conv2dOutHW } from '../../src/conv-shape.js';
import { cpu, gpu } from '../support/backends.js';
import { type Layout, expectClose, freeAll, randomValues, readBoth, rng, upload } from './kernel-views.js';

const g = gpu as Backend;
const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

interface Case {
  x: number[];
  w: number[];
  p: Partial<Conv2dParams>;
  bias?: boolean;
  lx?: Layout;
  lw?: Layout;
  ldy?: Layout;
}

function params(p: Partial<Conv2dParams>): Conv2dParams {
  return { stride: p.stride ?? [1, 1], padding: p.padding ?? [0, 0], dilation: p.dilation ?? [1, 1], groups: p.groups ?? 1 };
}

/** Forward, input gradient and weight gradient of one convolution on both backends. */
async function check(c: Case, seed: number): Promise<void> {
  const rand = rng(seed);
  const p = params(c.p);
  const [n, cin, h, w] = c.x;
  const [cout, cig, kh, kw] = c.w;
  expect(cig * p.groups).toBe(cin);
  const [ho, wo] = conv2dOutHW(h, w, kh, kw, p);
  const yShape = [n, cout, ho, wo];
  const x = upload(cpu, g, c.x, randomValues(size(c.x), rand), c.lx);
  const wt = upload(cpu, g, c.w, randomValues(size(c.w), rand), c.lw);
  const b = c.bias ? upload(cpu, g, [cout], randomValues(cout, rand), { step: 2, offset: 1 }) : null;
  const dy = upload(cpu, g, yShape, randomValues(size(yShape), rand), c.ldy);
  const what = `${JSON.stringify(c)}`;

  const fwd = await readBoth(cpu, g, cpu.conv2d(x.cpu, wt.cpu, b?.cpu ?? null, p), g.conv2d(x.gpu, wt.gpu, b?.gpu ?? null, p), yShape);
  expectClose(fwd.got, fwd.want, cig * kh * kw, `conv2d ${what}`);

  const dx = await readBoth(cpu, g, cpu.conv2dBackwardInput(dy.cpu, wt.cpu, c.x, p), g.conv2dBackwardInput(dy.gpu, wt.gpu, c.x, p), c.x);
  expectClose(dx.got, dx.want, (cout / p.groups) * kh * kw, `conv2dBackwardInput ${what}`);

  const dw = await readBoth(cpu, g, cpu.conv2dBackwardWeight(x.cpu, dy.cpu, c.w, p), g.conv2dBackwardWeight(x.gpu, dy.gpu, c.w, p), c.w);
  expectClose(dw.got, dw.want, n * ho * wo, `conv2dBackwardWeight ${what}`);

  freeAll([x, wt, dy, ...(b ? [b] : [])], cpu, g);
}

describe.skipIf(!gpu)('webgpu conv2d and its gradients', () => {
  it('plain, padded and biased', async () => {
    await check({ x: [2, 3, 7, 9], w: [4, 3, 3, 3], p: { padding: [1, 1] }, bias: true }, 1);
    await check({ x: [1, 5, 6, 6], w: [7, 5, 1, 1], p: {} }, 2);
    await check({ x: [3, 1, 5, 4], w: [1, 1, 5, 4], p: {}, bias: true }, 3);
  });

  it('stride, asymmetric padding and dilation', async () => {
    await check({ x: [2, 3, 11, 10], w: [5, 3, 3, 2], p: { stride: [2, 3], padding: [1, 2], dilation: [2, 1] }, bias: true }, 4);
    await check({ x: [1, 2, 9, 9], w: [3, 2, 3, 3], p: { stride: [3, 3], padding: [0, 0], dilation: [1, 1] } }, 5);
    await check({ x: [2, 2, 8, 7], w: [2, 2, 2, 3], p: { stride: [2, 2], padding: [1, 1], dilation: [3, 2] } }, 6);
  });

  it('groups and depthwise', async () => {
    await check({ x: [2, 4, 8, 6], w: [6, 2, 3, 2], p: { groups: 2, stride: [2, 1], padding: [0, 1], dilation: [1, 2] }, bias: true }, 7);
    await check({ x: [2, 4, 9, 9], w: [4, 1, 3, 3], p: { groups: 4, stride: [2, 2], padding: [1, 1] } }, 8);
    await check({ x: [1, 6, 5, 5], w: [9, 2, 2, 2], p: { groups: 3 }, bias: true }, 9);
  });

  it('non-contiguous inputs (NHWC storage, strided weight, flipped dy)', async () => {
    await check(
      { x: [2, 3, 6, 5], w: [4, 3, 3, 3], p: { padding: [1, 1], stride: [2, 1] }, bias: true, lx: { order: [0, 2, 3, 1], offset: 3 }, lw: { step: 2 }, ldy: { flip: [2, 3] } },
      10,
    );
    await check({ x: [2, 4, 5, 5], w: [4, 2, 2, 2], p: { groups: 2 }, lx: { order: [1, 0, 2, 3] }, lw: { order: [1, 0, 2, 3] }, ldy: { order: [0, 2, 3, 1] } }, 11);
  });

  it('sizes that span several tiles in every GEMM dimension', async () => {
    await check({ x: [2, 16, 12, 12], w: [70, 16, 3, 3], p: { padding: [1, 1] }, bias: true }, 12);
    await check({ x: [3, 9, 10, 10], w: [66, 9, 3, 3], p: { stride: [2, 2], padding: [1, 1] } }, 13);
  });
});
