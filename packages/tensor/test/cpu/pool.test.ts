import { describe, expect, it } from 'vitest';
import type { Pool2dParams } from '../../src/backend.js';
import fixtures from '../fixtures/cpu-pool.json' with { type: 'json' };
import { asView, cpu, decode, expectClose, fixtureView, values, view, type FixtureTensor } from './helpers.js';

interface PoolCase {
  name: string;
  op: 'max' | 'avg' | 'adaptive';
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  ceilMode: boolean;
  countIncludePad: boolean;
  outHW: [number, number];
  x: FixtureTensor;
  y: FixtureTensor;
  indices?: FixtureTensor;
  dy: FixtureTensor;
  dx: FixtureTensor | null;
}

const cases = fixtures.cases as unknown as PoolCase[];
const params = (c: PoolCase): Pool2dParams => ({
  kernel: c.kernel,
  stride: c.stride,
  padding: c.padding,
  dilation: c.dilation,
  ceilMode: c.ceilMode,
  countIncludePad: c.countIncludePad,
});

describe('cpu max pooling against PyTorch', () => {
  for (const c of cases.filter((k) => k.op === 'max')) {
    it(c.name, () => {
      const { values: v, indices } = cpu.maxPool2d(fixtureView(c.x), params(c));
      expect(indices.dtype).toBe('int32');
      expect(values(indices)).toEqual(decode(c.indices!));
      expectClose(values(v), decode(c.y), 0, 0);
      if (c.dx) {
        const dx = cpu.maxPool2dBackward(fixtureView(c.dy), asView(indices, c.y.shape), c.x.shape);
        expectClose(values(dx), decode(c.dx), 1e-14, 1e-14);
      }
    });
  }

  it('first of tied maxima wins', () => {
    const x = view([5, 5, 1, 5], [1, 1, 2, 2]);
    const p: Pool2dParams = { kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: false, countIncludePad: true };
    expect(values(cpu.maxPool2d(x, p).indices)).toEqual([0]);
  });
});

describe('cpu average pooling against PyTorch', () => {
  for (const c of cases.filter((k) => k.op === 'avg')) {
    it(c.name, () => {
      const p = params(c);
      expectClose(values(cpu.avgPool2d(fixtureView(c.x), p)), decode(c.y), 1e-13, 1e-14);
      expectClose(values(cpu.avgPool2dBackward(fixtureView(c.dy), c.x.shape, p)), decode(c.dx!), 1e-13, 1e-14);
    });
  }
});

describe('cpu adaptive average pooling against PyTorch', () => {
  for (const c of cases.filter((k) => k.op === 'adaptive')) {
    it(c.name, () => {
      expectClose(values(cpu.adaptiveAvgPool2d(fixtureView(c.x), c.outHW)), decode(c.y), 1e-13, 1e-14);
      expectClose(values(cpu.adaptiveAvgPool2dBackward(fixtureView(c.dy), c.x.shape)), decode(c.dx!), 1e-13, 1e-14);
    });
  }
});
