/**
 * The texture-read convolution kernels (conv-texture*.ts) against the CPU backend at
 * their block boundaries: output channels 1, RM−1, RM, RM+1 for both channel blocks;
 * output pixels 1, RN−1, RN, RN+1 (per group); channels around the four-channel texel
 * and both weight-gradient blocks; output widths around the multiple of four the
 * weight gradient steps by; the weight gradient's image ranges; odd reduction lengths; the subgroup form's tall channel
 * blocks of both kernels. The texture variant is
 * forced so the cases run it whatever the adapter's tuning chose.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebGPUBackend } from '../../src/backends/webgpu/index.js';
import { CONV_RM_NARROW, CONV_RM_TALL, CONV_RM_WIDE, CONV_RN, convRm } from '../../src/backends/webgpu/kernels/conv-texture.js';
import { DW_NARROW, DW_TALL, DW_WIDE, dwBlock, imageSplit } from '../../src/backends/webgpu/kernels/conv-texture-dw.js';
import { forceMatmulVariant } from '../../src/backends/webgpu/tuning/matmul-variant.js';
import { gpu } from '../support/backends.js';
import { convAgainstCpu as conv } from '../support/conv-against-cpu.js';
import { recordDispatchKeys } from '../support/dispatch-keys.js';

describe.skipIf(!gpu)('texture-read convolution kernels at their block boundaries', () => {
  beforeAll(() => forceMatmulVariant('texture'));
  afterAll(() => forceMatmulVariant(null));

  it('block sizes are what the cases below assume', () => {
    expect([CONV_RM_NARROW, CONV_RM_WIDE, CONV_RM_TALL, CONV_RN]).toEqual([4, 16, 64, 16]);
    expect([convRm(8, 1, 'plain'), convRm(9, 1, 'plain'), convRm(8, 1, 'subgroup'), convRm(9, 1, 'subgroup')]).toEqual([4, 16, 4, 16]);
    // The tall block: subgroup form, 64 channels or more and 4096 pixels or more.
    expect([convRm(64, 4096, 'subgroup'), convRm(63, 4096, 'subgroup'), convRm(64, 4095, 'subgroup'), convRm(64, 4096, 'plain')]).toEqual([64, 16, 16, 16]);
    for (const form of ['plain', 'subgroup'] as const) {
      expect([dwBlock(9, 9, form), dwBlock(8, 64, form), dwBlock(64, 8, form), dwBlock(63, 9, form)]).toEqual([DW_WIDE, DW_NARROW, DW_NARROW, DW_WIDE]);
    }
    expect([dwBlock(64, 9, 'plain'), dwBlock(64, 9, 'subgroup')]).toEqual([DW_WIDE, DW_TALL]);
    expect([DW_NARROW.rco, DW_NARROW.rci, DW_WIDE.rco, DW_WIDE.rci, DW_TALL.rco, DW_TALL.rci]).toEqual([2, 2, 4, 4, 8, 4]);
  });

  it('output channels 1, RM−1, RM, RM+1 (both blocks) and odd input channels', async () => {
    let seed = 1;
    for (const cout of [1, 3, 4, 5, 15, 16, 17]) await conv([1, 3, 4, 5], [cout, 3, 3, 3], { padding: [1, 1] }, seed++, cout % 2 === 1);
  });

  it('the tall channel block (subgroup form): channels 64, 65, 127, 128, 129 and partial pixel workgroups', async () => {
    let seed = 40;
    // Forward at 4096 and 4225 output pixels (the last 64-lane workgroup part empty).
    for (const cout of [64, 65, 127, 128, 129]) await conv([1, 3, cout % 2 ? 65 : 64, cout % 2 ? 65 : 64], [cout, 3, 3, 3], { padding: [1, 1] }, seed++, cout === 65);
    // Input gradient over 64 and 65 input channels: stride 1, and stride 2 (by phases).
    await conv([1, 64, 64, 64], [5, 64, 3, 3], { padding: [1, 1] }, seed++);
    await conv([1, 65, 128, 64], [5, 65, 3, 3], { stride: [2, 2], padding: [1, 1] }, seed++);
  });

  it('output pixels 1, RN−1, RN, RN+1 (odd kernel widths)', async () => {
    let seed = 10;
    await conv([1, 2, 3, 3], [2, 2, 3, 3], {}, seed++); // 1 pixel
    await conv([1, 2, 3, 17], [2, 2, 3, 3], {}, seed++); // 15
    await conv([1, 2, 4, 8], [2, 2, 1, 1], { stride: [2, 1] }, seed++); // 16, 1×1 strided (not the matmul path)
    await conv([1, 2, 1, 17], [2, 2, 1, 3], { padding: [0, 1] }, seed++); // 17
    await conv([1, 2, 3, 5], [2, 2, 1, 3], { padding: [0, 7] }, seed++); // padding wider than the kernel
  });

  it('channels around the texel and both weight-gradient blocks', async () => {
    let seed = 20;
    // Narrow block (8 channels or fewer on a side): 8 = 4·rco = 4·rci.
    for (const c of [4, 5, 7, 8]) await conv([2, c, 5, 4], [9, c, 2, 3], { padding: [1, 0] }, seed++);
    // Wide block: 16 = 4·rco = 4·rci.
    for (const c of [9, 15, 16, 17]) await conv([1, c, 3, 4], [c === 16 ? 17 : 16, c, 2, 2], { padding: [1, 1] }, seed++);
    // Tall block (subgroup form, 64 output channels or more): 32 = 4·rco, 16 = 4·rci; jobs
    // (taps × input blocks) that leave the last 8-lane workgroup part empty.
    for (const [co, ci] of [[64, 9], [65, 16], [95, 17], [96, 15], [97, 12]]) await conv([2, ci, 4, 5], [co, ci, 3, 2], { padding: [1, 0] }, seed++);
  });

  it('weight gradient: images split into ranges when its tiles are few (uneven last range), whole otherwise', async () => {
    expect([imageSplit(6, 7), imageSplit(12, 7), imageSplit(2, 5), imageSplit(32, 9), imageSplit(3, 1)]).toEqual([
      { split: 4, per: 2 }, // ranges 2, 2, 2, 1
      { split: 3, per: 3 }, // 3, 3, 1
      { split: 5, per: 1 },
      { split: 1, per: 9 },
      { split: 1, per: 1 },
    ]);
    const keys = recordDispatchKeys((gpu as WebGPUBackend).rt);
    try {
      // 6 tiles (subgroup form) or 12 (plain): split; 36 or 72 tiles: whole.
      await conv([7, 32, 6, 5], [64, 32, 3, 3], { padding: [1, 1] }, 50);
      await conv([2, 128, 4, 4], [128, 128, 3, 3], { padding: [1, 1] }, 51);
      const dw = keys.filter((k) => k.startsWith('conv-tex-dw'));
      expect(dw.map((k) => k.split(':')[0] + (k.includes(':parts') ? ':parts' : ''))).toEqual(['conv-tex-dw:parts', 'conv-tex-dw-sum', 'conv-tex-dw']);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('output widths 3, 4, 5 with stride, dilation and groups', async () => {
    let seed = 30;
    await conv([2, 4, 7, 7], [6, 2, 3, 3], { stride: [2, 2], groups: 2 }, seed++); // wo 3
    await conv([1, 3, 9, 10], [5, 3, 3, 3], { stride: [2, 3], padding: [1, 1], dilation: [2, 1] }, seed++); // wo 4
    await conv([2, 6, 6, 5], [6, 1, 2, 1], { groups: 6, padding: [0, 0] }, seed++, true); // wo 5, depthwise
  });
});
