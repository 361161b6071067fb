import { describe, expect, it } from 'vitest';
import type { UpsampleMode } from '../../src/backend.js';
import fixtures from '../fixtures/cpu-upsample.json' with { type: 'json' };
import { cpu, decode, expectClose, fixtureView, values, view, type FixtureTensor } from './helpers.js';

interface UpsampleCase {
  name: string;
  mode: UpsampleMode;
  alignCorners: boolean;
  outHW: [number, number];
  x: FixtureTensor;
  y: FixtureTensor;
  y32?: FixtureTensor;
  dy: FixtureTensor;
  dx: FixtureTensor;
}

const cases = fixtures.cases as unknown as UpsampleCase[];

describe('cpu upsample2d against PyTorch', () => {
  for (const c of cases) {
    it(c.name, () => {
      const y = cpu.upsample2d(fixtureView(c.x), c.mode, c.outHW, c.alignCorners);
      expectClose(values(y), decode(c.y), 1e-13, 1e-14);
      const dx = cpu.upsample2dBackward(fixtureView(c.dy), c.mode, c.x.shape, c.alignCorners);
      expectClose(values(dx), decode(c.dx), 1e-13, 1e-14);
      if (c.y32) {
        // Nearest copies values, so float32 must pick exactly PyTorch's source pixels.
        const y32 = cpu.upsample2d(fixtureView(c.x, 'float32'), c.mode, c.outHW, false);
        expect(values(y32)).toEqual(decode(c.y32));
      }
    });
  }

  it('bilinear alignCorners maps corners to corners; without it, edges clamp', () => {
    const x = view([0, 3], [1, 1, 1, 2]);
    expect(values(cpu.upsample2d(x, 'bilinear', [1, 4], true))).toEqual([0, 1, 2, 3]);
    expect(values(cpu.upsample2d(x, 'bilinear', [1, 4], false))).toEqual([0, 0.75, 2.25, 3]);
  });
});
