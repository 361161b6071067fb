import { decodePng } from '@prior/datasets';
import { describe, expect, it } from 'vitest';
import { GREY, PALETTE, lineChart } from '../src/index.js';

const colorAt = (img: { data: Float32Array; width: number }, x: number, y: number) => [0, 1, 2].map((c) => Math.round(img.data[(y * img.width + x) * 3 + c] * 255));
const columnHas = (img: { data: Float32Array; width: number; height: number }, x: number, rgb: readonly number[]) => {
  for (let y = 0; y < img.height; y++) if (colorAt(img, x, y).every((v, c) => v === rgb[c])) return true;
  return false;
};

describe('line chart', () => {
  // Plot area 200 × 100 at left 80; top = 14 + 2 legend rows × (14 + 6) + 12 = 66; x label adds 62 below.
  const left = 80;
  const top = 66;

  it('is a PNG of the documented size whose lines follow the values, with stage markers', () => {
    const png = lineChart(
      [
        { name: 'loss', x: [0, 10], y: [1, 1] },
        { name: 'glob', x: [0, 5, 10], y: [0, NaN, 0] },
      ],
      { xLabel: 'step', yRange: [0, 1], width: 200, height: 100, markers: [{ x: 5, label: 'stage 2' }] },
    );
    expect(Array.from(png.slice(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const img = decodePng(png, 'line.png');
    expect([img.width, img.height, img.channels]).toEqual([80 + 200 + 20, top + 100 + 62, 3]);
    // 'loss' is flat at y = 1 (the top of the plot area); 'glob' at 0 (its bottom), broken at x = 5.
    expect(colorAt(img, left + 50, top)).toEqual([...PALETTE[0]]);
    expect(colorAt(img, left + 50, top + 50)).toEqual([255, 255, 255]);
    expect(columnHas(img, left + 50, PALETTE[1])).toBe(false);
    // The stage marker is a dashed grey line at x = 5, the middle of the plot.
    expect(columnHas(img, left + 100, GREY)).toBe(true);
  });

  it('fails naming the bad series or option', () => {
    expect(() => lineChart([])).toThrow('lineChart: no series to draw');
    expect(() => lineChart([{ name: 'glob', x: [0, 1], y: [1] }])).toThrow('lineChart: series "glob" has 2 x values for 1 y values');
    expect(() => lineChart([{ name: 'kl', x: [0, NaN], y: [1, 2] }])).toThrow('lineChart: series "kl" has a non-finite x (NaN) at index 1');
    expect(() => lineChart([{ name: 'kl', x: [0, 1], y: [NaN, Infinity] }])).toThrow('lineChart: no finite y value to draw');
    expect(() => lineChart([{ name: 'kl', x: [0], y: [1] }], { width: 10 })).toThrow('lineChart: the plot area must be at least 40 × 40 pixels, got 10 × 260');
  });

  it('draws a single point when a series has one value', () => {
    const img = decodePng(lineChart([{ name: 'loss', x: [3], y: [2] }], { width: 100, height: 100 }), 'one.png');
    // The lone x sits mid-axis; the y range widens to [1.5, 2.5] around it, so the point is mid-height.
    const t = 14 + 20 + 12;
    expect(colorAt(img, 80 + 50, t + 50)).toEqual([...PALETTE[0]]);
  });
});
