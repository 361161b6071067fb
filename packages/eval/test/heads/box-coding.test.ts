/** FCOS box coding round trips, centre-ness, and target assignment on hand-made cases. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centreness, clipBox, decodeBox, defaultSizeRanges, encodeBox, fcosLocations, fcosTargets } from '../../src/index.js';

describe('box coding', () => {
  it('decode(encode(box)) is the box for any point inside it, at any stride', () => {
    fc.assert(
      fc.property(
        fc.record({ x: fc.double({ min: -50, max: 50, noNaN: true }), y: fc.double({ min: -50, max: 50, noNaN: true }), width: fc.double({ min: 0.5, max: 80, noNaN: true }), height: fc.double({ min: 0.5, max: 80, noNaN: true }) }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.constantFrom(1, 4, 8, 16, 32),
        (b, u, v, stride) => {
          const px = b.x + u * b.width;
          const py = b.y + v * b.height;
          const d = decodeBox(px, py, encodeBox(px, py, b, stride), stride);
          for (const k of ['x', 'y', 'width', 'height'] as const) expect(d[k]).toBeCloseTo(b[k], 9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('encodes log distances in strides, rejects outside points', () => {
    // Point (12, 10) in box x 4..20, y 2..34: l=8, t=8, r=8, b=24 → ln(d/8) = 0, 0, 0, ln 3.
    const e = encodeBox(12, 10, { x: 4, y: 2, width: 16, height: 32 }, 8);
    expect(e.slice(0, 3)).toEqual([0, 0, 0]);
    expect(e[3]).toBeCloseTo(Math.log(3), 12);
    expect(() => encodeBox(3, 10, { x: 4, y: 2, width: 16, height: 32 }, 8)).toThrow(RangeError);
  });

  it('centre-ness: 1 at the centre, sqrt of the side ratios elsewhere, 0 outside', () => {
    expect(centreness([5, 5, 5, 5])).toBe(1);
    expect(centreness([2, 4, 8, 4])).toBeCloseTo(Math.sqrt(2 / 8), 12);
    expect(centreness([0, 4, 8, 4])).toBe(0);
    expect(clipBox({ x: -2, y: 5, width: 10, height: 20, score: 1 }, 6, 16)).toEqual({ x: 0, y: 5, width: 6, height: 11, score: 1 });
  });
});

describe('FCOS targets', () => {
  // Two levels on a 32×32 image: stride 4 (8×8) and stride 8 (4×4).
  const loc = fcosLocations([[8, 8], [4, 4]], [4, 8]);

  it('lays out locations level by level, row-major, at cell centres', () => {
    expect(loc.count).toBe(80);
    expect(loc.offsets).toEqual([0, 64]);
    expect([loc.x[1], loc.y[1], loc.stride[1]]).toEqual([6, 2, 4]);
    expect([loc.x[64 + 5], loc.y[64 + 5], loc.level[64 + 5]]).toEqual([12, 12, 1]);
    expect(defaultSizeRanges([4, 8])).toEqual([[0, 32], [32, Infinity]]);
  });

  it('a box is assigned near its centre on the level its size suits', () => {
    const box = { x: 8, y: 8, width: 12, height: 12 }; // centre (14, 14), max distance < 32: level 0
    const t = fcosTargets(loc, [box]);
    const pos = [...t.assigned.keys()].filter((i) => t.assigned[i] === 0);
    expect(pos.every((i) => loc.level[i] === 0)).toBe(true);
    // Centre sampling radius 1.5 strides = 6 px around (14, 14), inside the box: x, y ∈ {10, 14, 18}.
    expect(pos.map((i) => [loc.x[i], loc.y[i]])).toEqual([[10, 10], [14, 10], [18, 10], [10, 14], [14, 14], [18, 14], [10, 18], [14, 18], [18, 18]]);
    expect(t.numPositives).toBe(9);
    const centre = pos[4];
    expect(t.ctr[centre]).toBeCloseTo(1, 6);
    expect(Array.from(t.reg.subarray(centre * 4, centre * 4 + 4))).toEqual([6, 6, 6, 6].map((d) => Math.fround(Math.log(d / 4))));
    expect(t.labels[0]).toBe(-1);
  });

  it('overlaps go to the smaller box; a box too small for any cell centre still gets one location', () => {
    const big = { x: 0, y: 0, width: 24, height: 24 };
    const small = { x: 9, y: 9, width: 6, height: 6 };
    const t = fcosTargets(loc, [big, small]);
    const at = (x: number, y: number) => t.assigned[[...Array(64).keys()].find((i) => loc.x[i] === x && loc.y[i] === y)!];
    expect(at(10, 10)).toBe(1);
    expect(at(14, 14)).toBe(1);
    expect(at(6, 6)).toBe(0);
    const tiny = fcosTargets(loc, [{ x: 8.5, y: 8.5, width: 1, height: 1 }]);
    expect(tiny.numPositives).toBe(1);
    const i = tiny.assigned.findIndex((a) => a === 0);
    expect([loc.x[i], loc.y[i]]).toEqual([10, 10]);
    expect(Array.from(tiny.reg.subarray(i * 4, i * 4 + 4)).every(Number.isFinite)).toBe(true);
  });
});

describe('mask resizing', () => {
  it('nearest-neighbour halving and doubling', async () => {
    const { resizeMask } = await import('../../src/index.js');
    const m = Uint8Array.from([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1]);
    expect(Array.from(resizeMask(m, 4, 4, 2, 2))).toEqual([1, 0, 0, 1]);
    expect(Array.from(resizeMask(Uint8Array.from([1, 0]), 2, 1, 4, 2))).toEqual([1, 1, 0, 0, 1, 1, 0, 0]);
  });
});
