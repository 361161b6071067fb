/**
 * The CPU convolutions are lowered to im2col + matrix products over the whole batch
 * (src/backends/cpu/conv.ts). Here all three kernels are compared with the defining
 * sums, evaluated tap by tap, on random geometries (groups, strides, padding, dilation,
 * inputs smaller than the kernel's reach) and non-contiguous operands. Integer values
 * keep every sum exact, so results must be identical whatever the summation order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conv2dOutHW } from '../../src/conv-shape.js';
import { arbConvGeometry, convGeometryParams } from '../support/conv-geometry.js';
import { cpu, randomValues, strided, values, view } from './helpers.js';

const geometry = arbConvGeometry(3, 3, 5);

const ints = (n: number, seed: number) => randomValues(n, seed).map((x) => Math.round(x * 9) + 0);

/** Same values as `xs` (row-major over `shape`), stored transposed in the last two dims. */
function transposedView(xs: number[], shape: number[]) {
  const [a, b, h, w] = shape;
  const buf = new Array<number>(xs.length);
  for (let p = 0; p < a * b; p++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) buf[p * h * w + j * h + i] = xs[p * h * w + i * w + j];
  return strided(buf, shape, [b * h * w, h * w, 1, h], 0);
}

describe('cpu conv2d lowering matches the defining sums', () => {
  it('forward, backward-input and backward-weight', () => {
    fc.assert(
      fc.property(geometry, fc.boolean(), (g, transposed) => {
        const p = convGeometryParams(g);
        const C = g.cinG * g.groups;
        const Co = g.coutG * g.groups;
        const [OH, OW] = conv2dOutHW(g.h, g.w, g.kh, g.kw, p);
        const xShape = [g.n, C, g.h, g.w];
        const wShape = [Co, g.cinG, g.kh, g.kw];
        const yShape = [g.n, Co, OH, OW];
        const xs = ints(g.n * C * g.h * g.w, g.seed);
        const ws = ints(Co * g.cinG * g.kh * g.kw, g.seed + 1);
        const dys = ints(g.n * Co * OH * OW, g.seed + 2);
        const bs = ints(Co, g.seed + 3);
        const y = new Array<number>(dys.length).fill(0);
        const dx = new Array<number>(xs.length).fill(0);
        const dwv = new Array<number>(ws.length).fill(0);
        for (let n = 0; n < g.n; n++)
          for (let oc = 0; oc < Co; oc++)
            for (let oh = 0; oh < OH; oh++)
              for (let ow = 0; ow < OW; ow++) {
                const yi = ((n * Co + oc) * OH + oh) * OW + ow;
                y[yi] = bs[oc];
                for (let ic = 0; ic < g.cinG; ic++)
                  for (let kh = 0; kh < g.kh; kh++)
                    for (let kw = 0; kw < g.kw; kw++) {
                      const ih = oh * g.sh - g.ph + kh * g.dh;
                      const iw = ow * g.sw - g.pw + kw * g.dw;
                      if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) continue;
                      const xi = ((n * C + Math.floor(oc / g.coutG) * g.cinG + ic) * g.h + ih) * g.w + iw;
                      const wi = ((oc * g.cinG + ic) * g.kh + kh) * g.kw + kw;
                      y[yi] += ws[wi] * xs[xi];
                      dx[xi] += ws[wi] * dys[yi];
                      dwv[wi] += dys[yi] * xs[xi];
                    }
              }
        const x = transposed ? transposedView(xs, xShape) : view(xs, xShape);
        const w = transposed ? transposedView(ws, wShape) : view(ws, wShape);
        const dy = transposed ? transposedView(dys, yShape) : view(dys, yShape);
        expect(values(cpu.conv2d(x, w, view(bs, [Co]), p))).toEqual(y);
        expect(values(cpu.conv2dBackwardInput(dy, w, xShape, p))).toEqual(dx);
        expect(values(cpu.conv2dBackwardWeight(x, dy, wShape, p))).toEqual(dwv);
      }),
      { numRuns: 200 },
    );
  });
});
