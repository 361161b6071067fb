// Decodes files written by independent tools (Pillow, pydicom; scripts/make-image-fixtures.py)
// and compares with the pixels those tools decode, or the DICOM formulas computed in Python.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/images/index.js';

const dir = new URL('./fixtures/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Record<
  string,
  { width: number; height: number; channels: number; data: number[] }
>;

// JPEG decoders may differ by an IDCT rounding or two; everything else must match exactly.
// baseline-rgb.jpg has 4:2:0 chroma, which libjpeg upsamples smoothly ("fancy") and
// jpeg-js by replication, so colours near edges differ more; the mean error stays small.
function tolerance(name: string): { max: number; mean: number } {
  if (name === 'baseline-rgb.jpg') return { max: 12 / 255, mean: 5 / 255 };
  if (name.endsWith('.jpg') || name.startsWith('jpeg')) return { max: 4 / 255, mean: 1 / 255 };
  return { max: 1e-5, mean: 1e-6 };
}

describe('decodeImage on fixtures from Pillow and pydicom', () => {
  for (const [name, want] of Object.entries(expected)) {
    it(name, () => {
      const img = decodeImage(new Uint8Array(readFileSync(new URL(name, dir))), { name });
      expect([img.width, img.height, img.channels]).toEqual([want.width, want.height, want.channels]);
      let worst = 0;
      let total = 0;
      for (let i = 0; i < want.data.length; i++) {
        const e = Math.abs(img.data[i] - want.data[i]);
        worst = Math.max(worst, e);
        total += e;
      }
      expect(worst).toBeLessThanOrEqual(tolerance(name).max);
      expect(total / want.data.length).toBeLessThanOrEqual(tolerance(name).mean);
    });
  }
});
