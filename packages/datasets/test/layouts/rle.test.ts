import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rleDecode, rleEncode } from '../../src/layouts/rle.js';

describe('SIIM run-length encoding', () => {
  it('uses column-major pixel order and offsets relative to the previous run', () => {
    // 4x3 image (width 4, height 3): column-major index p = x*3 + y.
    const w = 4, h = 3;
    const mask = new Uint8Array(w * h);
    mask[0 * w + 1] = 1; // (x=1,y=0) -> p=3
    mask[1 * w + 1] = 1; // (x=1,y=1) -> p=4
    mask[2 * w + 3] = 1; // (x=3,y=2) -> p=11
    expect(rleEncode(mask, w, h)).toBe('3 2 6 1');
    expect([...rleDecode('3 2 6 1', w, h)]).toEqual([...mask]);
  });

  it('writes and reads "-1" for an empty mask, and defaults to 1024x1024', () => {
    expect(rleEncode(new Uint8Array(16), 4, 4)).toBe('-1');
    expect(rleDecode('-1', 4, 4).every((v) => v === 0)).toBe(true);
    const m = rleDecode('1024 2');
    expect(m.length).toBe(1024 * 1024);
    // p = 1024 and 1025 are column 1, rows 0 and 1.
    expect(m[0 * 1024 + 1]).toBe(1);
    expect(m[1 * 1024 + 1]).toBe(1);
    expect(m.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('round-trips random masks both ways', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.infiniteStream(fc.boolean()), (w, h, bits) => {
        const it = bits[Symbol.iterator]();
        const mask = Uint8Array.from({ length: w * h }, () => (it.next().value ? 1 : 0));
        const rle = rleEncode(mask, w, h);
        expect([...rleDecode(rle, w, h)]).toEqual([...mask]);
        expect(rleEncode(rleDecode(rle, w, h), w, h)).toBe(rle);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects runs past the end and malformed pairs', () => {
    expect(() => rleDecode('10 10', 4, 4)).toThrow('run ends at 20, past the 4x4 mask');
    expect(() => rleDecode('1 2 3', 4, 4)).toThrow('odd number of values');
  });
});
