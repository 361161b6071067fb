import { describe, expect, it } from 'vitest';
import { decodePng } from '@prior/datasets';
import { heatOverlay, localAlignmentFigure, sentenceHeatmap, upsampleHeatmap } from '../src/index.js';

describe('local-alignment heatmaps', () => {
  // Two sentences × 4 regions (2×2, row-major).
  const att = [0, 1, 2, 3, 3, 2, 1, 0];

  it('one sentence or the mean over sentences, stretched to [0, 1] (flat → 0.5)', () => {
    expect(Array.from(sentenceHeatmap(att, 2, 4, 0))).toEqual([0, 1 / 3, 2 / 3, 1].map(Math.fround));
    expect(Array.from(sentenceHeatmap(att, 2, 4, 1))).toEqual([1, 2 / 3, 1 / 3, 0].map(Math.fround));
    expect(Array.from(sentenceHeatmap(att, 2, 4))).toEqual([0.5, 0.5, 0.5, 0.5]);
    // Only the first `sentences` rows count (padding sentences after them).
    expect(Array.from(sentenceHeatmap(att, 1, 4))).toEqual([0, 1 / 3, 2 / 3, 1].map(Math.fround));
    expect(() => sentenceHeatmap(att, 3, 4)).toThrow(/sentences must be an integer from 1 to 2/);
    expect(() => sentenceHeatmap(att, 2, 4, 2)).toThrow(/pick must be a sentence index from 0 to 1/);
  });

  it('overlay: grey where the heat is 0, towards yellow where it is 1; bilinear upsampling keeps the corners', () => {
    expect(Array.from(heatOverlay([0.5, 0.5], [0, 1], 1))).toEqual([0.5, 0.5, 0.5, 1, 1, 0]);
    expect(Array.from(heatOverlay([0.2], [1], 0.5))).toEqual([0.6, 0.6, 0.1].map(Math.fround));
    expect(() => heatOverlay([0.5], [0, 1], 1)).toThrow(/same size/);
    const up = upsampleHeatmap(Float32Array.from([0, 1, 1, 0]), 8, 8);
    expect(up.length).toBe(64);
    expect(up[0]).toBeLessThan(0.05);
    expect(up[7]).toBeGreaterThan(0.95);
    expect(up[0] + up[9]).toBeLessThan(up[6] + up[14]);
    expect(() => upsampleHeatmap(new Float32Array(3), 8, 8)).toThrow(/square map/);
  });

  it('figure: a row per image, the plain image then one tile per sentence', () => {
    const size = 32;
    const grey = new Float32Array(size * size).fill(0.5);
    const heat = Float32Array.from([1, 0, 0, 0]);
    const png = localAlignmentFigure([
      { grey, size, caption: 'Edema', maps: [{ heat, caption: 'sentence 1' }, { heat, caption: 'sentence 2' }] },
      { grey, size, maps: [{ heat, caption: 'sentence 1' }] },
    ]);
    const img = decodePng(png, 'heatmaps.png');
    const side = 128;
    expect(img.width).toBe(8 + 3 * (side + 8));
    const at = (x: number, y: number) => [0, 1, 2].map((c) => Math.round(255 * img.data[(y * img.width + x) * img.channels + c]));
    // Plain tile: grey; heat tile: its top-left corner is hot (red > blue), its bottom-right plain grey.
    expect(at(8 + 64, 8 + 64)).toEqual([128, 128, 128]);
    const [r, , b] = at(8 + side + 8 + 2, 8 + 2);
    expect(r).toBeGreaterThan(b + 60);
    expect(at(8 + side + 8 + side - 2, 8 + side - 2)).toEqual([128, 128, 128]);
    expect(() => localAlignmentFigure([])).toThrow(/no images/);
  });
});
