/**
 * Random convolution geometries for property tests of the convolution kernels: batch,
 * groups, channels per group, input size, kernel size, stride, padding and dilation per
 * axis, and a value seed; only geometries with a non-empty output are generated.
 */
import fc from 'fast-check';
import type { Conv2dParams } from '../../src/backend.js';
import { conv2dOutHW } from '../../src/conv-shape.js';

export type ConvGeometry = {
  n: number; groups: number; cinG: number; coutG: number; h: number; w: number; kh: number; kw: number;
  sh: number; sw: number; ph: number; pw: number; dh: number; dw: number; seed: number;
};

/** The convolution parameters a geometry describes. */
export function convGeometryParams(g: Pick<ConvGeometry, 'sh' | 'sw' | 'ph' | 'pw' | 'dh' | 'dw' | 'groups'>): Conv2dParams {
  return { stride: [g.sh, g.sw], padding: [g.ph, g.pw], dilation: [g.dh, g.dw], groups: g.groups };
}

/** Geometries with at most `maxN` images and `maxCinG`/`maxCoutG` channels per group. */
export function arbConvGeometry(maxN: number, maxCinG: number, maxCoutG: number): fc.Arbitrary<ConvGeometry> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: maxN }),
      groups: fc.integer({ min: 1, max: 3 }),
      cinG: fc.integer({ min: 1, max: maxCinG }),
      coutG: fc.integer({ min: 1, max: maxCoutG }),
      h: fc.integer({ min: 1, max: 7 }),
      w: fc.integer({ min: 1, max: 7 }),
      kh: fc.integer({ min: 1, max: 3 }),
      kw: fc.integer({ min: 1, max: 3 }),
      sh: fc.integer({ min: 1, max: 3 }),
      sw: fc.integer({ min: 1, max: 3 }),
      ph: fc.integer({ min: 0, max: 2 }),
      pw: fc.integer({ min: 0, max: 2 }),
      dh: fc.integer({ min: 1, max: 2 }),
      dw: fc.integer({ min: 1, max: 2 }),
      seed: fc.integer({ min: 1, max: 1000 }),
    })
    .filter((g) => {
      const [oh, ow] = conv2dOutHW(g.h, g.w, g.kh, g.kw, convGeometryParams(g));
      return oh > 0 && ow > 0;
    });
}
