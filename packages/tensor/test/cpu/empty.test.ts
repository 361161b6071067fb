import { describe, expect, it } from 'vitest';
import type { Pool2dParams } from '../../src/backend.js';
import { cpu, values, view } from './helpers.js';

/** The front end never passes empty tensors, but a kernel that gets one must not crash. */
describe('cpu kernels on size-0 inputs', () => {
  it('return empty storages', async () => {
    const e = view([], [0, 3]);
    const x4 = view([], [0, 2, 4, 4]);
    const pool: Pool2dParams = { kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: false, countIncludePad: true };
    const conv = { stride: [1, 1] as [number, number], padding: [0, 0] as [number, number], dilation: [1, 1] as [number, number], groups: 1 };
    expect(values(cpu.unary('exp', e, 'float64'))).toEqual([]);
    expect(values(cpu.binary('add', e, e, 'float32'))).toEqual([]);
    expect(values(cpu.where(view([], [0, 3], 'bool'), e, e, 'float64'))).toEqual([]);
    expect(values(cpu.reduce('sum', e, [1], 'float64'))).toEqual([]);
    expect(values(cpu.reduce('max', e, [0], 'float64'))).toHaveLength(3);
    expect(values(cpu.matmul(view([], [0, 3]), view([], [3, 0]), 'float64'))).toEqual([]);
    expect(values(cpu.conv2d(x4, view([], [0, 2, 1, 1]), null, conv))).toEqual([]);
    expect(values(cpu.maxPool2d(x4, pool).values)).toEqual([]);
    expect(values(cpu.avgPool2d(x4, pool))).toEqual([]);
    expect(values(cpu.adaptiveAvgPool2d(x4, [2, 2]))).toEqual([]);
    expect(values(cpu.upsample2d(x4, 'bilinear', [3, 3], false))).toEqual([]);
    expect(values(cpu.gather(e, 0, view([], [0, 3], 'int32')))).toEqual([]);
    expect(values(cpu.random(0, { kind: 'normal', key: [0, 0], counter: [0, 0] }, 'float32'))).toEqual([]);
    expect(Array.from(await cpu.read(e))).toEqual([]);
    cpu.copyInto(e, view([], [0, 3]));
  });
});
