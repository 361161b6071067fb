import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Conv2dParams } from '../../src/backend.js';
import { conv2dOutHW } from '../../src/conv-shape.js';
import fixtures from '../fixtures/cpu-conv.json' with { type: 'json' };
import { arbConvGeometry, convGeometryParams } from '../support/conv-geometry.js';
import { cpu, decode, expectClose, fixtureView, randomValues, values, view, type FixtureTensor } from './helpers.js';

interface ConvCase {
  name: string;
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
  x: FixtureTensor;
  w: FixtureTensor;
  bias: FixtureTensor | null;
  y: FixtureTensor;
  dy: FixtureTensor;
  dx: FixtureTensor;
  dw: FixtureTensor;
}

const cases = fixtures.cases as unknown as ConvCase[];

describe('cpu conv2d against PyTorch', () => {
  for (const c of cases) {
    it(c.name, () => {
      const p: Conv2dParams = { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups };
      const x = fixtureView(c.x);
      const w = fixtureView(c.w);
      const dy = fixtureView(c.dy);
      expectClose(values(cpu.conv2d(x, w, c.bias ? fixtureView(c.bias) : null, p)), decode(c.y), 1e-12, 1e-12);
      expectClose(values(cpu.conv2dBackwardInput(dy, w, c.x.shape, p)), decode(c.dx), 1e-12, 1e-12);
      expectClose(values(cpu.conv2dBackwardWeight(x, dy, c.w.shape, p)), decode(c.dw), 1e-12, 1e-12);
    });
  }

  it('float32 inputs give float32 outputs within float32 rounding', () => {
    const c = cases[1];
    const p: Conv2dParams = { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups };
    const y = cpu.conv2d(fixtureView(c.x, 'float32'), fixtureView(c.w, 'float32'), fixtureView(c.bias!, 'float32'), p);
    expect(y.dtype).toBe('float32');
    expectClose(values(y), decode(c.y), 1e-5, 1e-5);
  });
});

/**
 * The two backward kernels are the adjoints of the forward map:
 * <conv(x, w), dy> = <x, dX(dy, w)> = <w, dW(x, dy)>. Checked on random geometries.
 */
describe('cpu conv2d backward kernels are adjoint to the forward kernel', () => {
  const geometry = arbConvGeometry(2, 2, 2);

  it('holds for random strides, paddings, dilations and groups', () => {
    fc.assert(
      fc.property(geometry, (g) => {
        const p = convGeometryParams(g);
        const C = g.cinG * g.groups;
        const Co = g.coutG * g.groups;
        const xShape = [g.n, C, g.h, g.w];
        const wShape = [Co, g.cinG, g.kh, g.kw];
        const [OH, OW] = conv2dOutHW(g.h, g.w, g.kh, g.kw, p);
        const xs = randomValues(g.n * C * g.h * g.w, g.seed);
        const ws = randomValues(Co * g.cinG * g.kh * g.kw, g.seed + 1);
        const dys = randomValues(g.n * Co * OH * OW, g.seed + 2);
        const x = view(xs, xShape);
        const w = view(ws, wShape);
        const dy = view(dys, [g.n, Co, OH, OW]);
        const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
        const lhs = dot(values(cpu.conv2d(x, w, null, p)), dys);
        const viaX = dot(xs, values(cpu.conv2dBackwardInput(dy, w, xShape, p)));
        const viaW = dot(ws, values(cpu.conv2dBackwardWeight(x, dy, wShape, p)));
        expect(Math.abs(lhs - viaX)).toBeLessThan(1e-10 * (1 + Math.abs(lhs)));
        expect(Math.abs(lhs - viaW)).toBeLessThan(1e-10 * (1 + Math.abs(lhs)));
      }),
      { numRuns: 150 },
    );
  });
});
