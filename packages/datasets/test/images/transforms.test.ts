import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  affine, centerCrop, compose, crop, hflip, type Image, normalize, randomAffine, randomCrop, randomHorizontalFlip,
  resize, toCHW, toTensor,
} from '../../src/images/index.js';
import { seededRandom } from '../../src/loader/rng.js';

function fromCHW(chw: ArrayLike<number>, C: number, H: number, W: number): Image {
  const data = new Float32Array(C * H * W);
  for (let c = 0; c < C; c++) for (let i = 0; i < H * W; i++) data[i * C + c] = chw[c * H * W + i];
  return { width: W, height: H, channels: C, data };
}
function ramp(W: number, H: number, C = 1): Image {
  return { width: W, height: H, channels: C, data: new Float32Array(W * H * C).map((_, i) => i) };
}
const at = (img: Image, x: number, y: number, c = 0) => img.data[(y * img.width + x) * img.channels + c];

describe('resize', () => {
  const fx = JSON.parse(readFileSync(new URL('./fixtures/resize-bilinear.json', import.meta.url), 'utf8'));
  const src = fromCHW(fx.chw, fx.channels, fx.height, fx.width);
  for (const c of fx.cases as { height: number; width: number; chw: number[] }[]) {
    it(`bilinear ${fx.height}x${fx.width} → ${c.height}x${c.width} matches PyTorch`, () => {
      const out = resize(src, c.height, c.width, 'bilinear');
      const chw = toCHW(out);
      for (let i = 0; i < chw.length; i++) expect(chw[i]).toBeCloseTo(c.chw[i], 5);
    });
  }
  it('area with an integer factor is the block mean', () => {
    const img = ramp(8, 6, 2);
    const out = resize(img, 3, 4, 'area');
    for (let y = 0; y < 3; y++) {
      for (let x = 0; x < 4; x++) {
        for (let c = 0; c < 2; c++) {
          const m = (at(img, 2 * x, 2 * y, c) + at(img, 2 * x + 1, 2 * y, c) + at(img, 2 * x, 2 * y + 1, c) + at(img, 2 * x + 1, 2 * y + 1, c)) / 4;
          expect(at(out, x, y, c)).toBeCloseTo(m, 4);
        }
      }
    }
  });
  it('area keeps the mean and constants for any size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (w, h, ow, oh) => {
        const img = ramp(w, h);
        const out = resize(img, oh, ow, 'area');
        const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
        expect(mean(out.data)).toBeCloseTo(mean(img.data), 2);
        const flat = resize({ ...img, data: new Float32Array(w * h).fill(0.3) }, oh, ow, 'area');
        for (const v of flat.data) expect(v).toBeCloseTo(0.3, 5);
      }),
      { numRuns: 60 },
    );
  });
  it('rejects bad sizes', () => expect(() => resize(ramp(4, 4), 0, 3)).toThrow(/positive integers, got 0x3/));
});

describe('crops and flips', () => {
  it('crop, centerCrop and randomCrop pick the right windows', () => {
    const img = ramp(10, 8);
    const c = crop(img, 2, 3, 4, 5);
    expect([c.width, c.height, at(c, 0, 0), at(c, 4, 3)]).toEqual([5, 4, 23, 57]);
    const cc = centerCrop(img, 4, 6);
    expect(at(cc, 0, 0)).toBe(at(img, 2, 2));
    const r1 = randomCrop(img, 3, 3, seededRandom(5));
    expect(randomCrop(img, 3, 3, seededRandom(5)).data).toEqual(r1.data);
    expect(() => crop(img, 6, 0, 4, 4)).toThrow(/does not fit a 8x10 image/);
    expect(() => randomCrop(img, 9, 3, seededRandom(1))).toThrow(/larger than the 8x10 image/);
  });
  it('randomCrop covers every position', () => {
    const img = ramp(5, 1);
    const seen = new Set<number>();
    const rand = seededRandom(9);
    for (let i = 0; i < 200; i++) seen.add(randomCrop(img, 1, 2, rand).data[0]);
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });
  it('hflip mirrors, twice is identity; random flip is seeded', () => {
    const img = ramp(5, 3, 2);
    const f = hflip(img);
    expect(at(f, 0, 1, 1)).toBe(at(img, 4, 1, 1));
    expect(hflip(f).data).toEqual(img.data);
    const flips = (seed: number) => Array.from({ length: 20 }, (_, i) => randomHorizontalFlip(img, seededRandom(seed, i)) !== img);
    expect(flips(1)).toEqual(flips(1));
    expect(flips(1).filter(Boolean).length).toBeGreaterThan(3);
  });
});

describe('affine', () => {
  it('identity copies; 90° turns a square counter-clockwise; integer shifts move pixels and fill', () => {
    const img = ramp(5, 5);
    expect(affine(img, { angle: 0, translate: [0, 0], scale: 1 }).data).toEqual(img.data);
    const r = affine(img, { angle: 90, translate: [0, 0], scale: 1 });
    // Counter-clockwise: the right-hand column ends up on top.
    for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) expect(at(r, x, y)).toBeCloseTo(at(img, 4 - y, x), 5);
    const t = affine(img, { angle: 0, translate: [2, -1], scale: 1, fill: -1 });
    expect(at(t, 2, 0)).toBe(at(img, 0, 1));
    expect(at(t, 1, 2)).toBe(-1);
    expect(at(t, 4, 4)).toBe(-1);
  });
  it('scale 2 about the centre magnifies', () => {
    const img = ramp(5, 5);
    const s = affine(img, { angle: 0, translate: [0, 0], scale: 2 });
    expect(at(s, 2, 2)).toBe(at(img, 2, 2));
    expect(at(s, 4, 2)).toBe(at(img, 3, 2));
  });
  it('randomAffine is deterministic under a seed and varies across seeds', () => {
    const img = ramp(16, 12);
    const opts = { degrees: 10, translate: [0.1, 0.1] as [number, number], scale: [0.9, 1.1] as [number, number] };
    const a = randomAffine(img, seededRandom(42, 0), opts);
    expect(randomAffine(img, seededRandom(42, 0), opts).data).toEqual(a.data);
    expect(randomAffine(img, seededRandom(42, 1), opts).data).not.toEqual(a.data);
  });
});

describe('normalize, compose, toTensor', () => {
  it('normalize per channel', () => {
    const img = { width: 1, height: 2, channels: 2, data: new Float32Array([0.5, 1, 0.25, 0]) };
    expect(Array.from(normalize(img, [0.5, 0.5], [0.25, 0.5]).data)).toEqual([0, 1, -1, -1]);
    expect(() => normalize(img, [0.5], [1])).toThrow(/1\/1 values for 2 channels/);
  });
  it('compose draws from one stream in order', () => {
    const img = ramp(12, 10);
    const pipe = compose((x, r) => randomCrop(x, 8, 8, r), (x, r) => randomHorizontalFlip(x, r), (x) => resize(x, 4, 4, 'area'));
    expect(pipe(img, seededRandom(3)).data).toEqual(pipe(img, seededRandom(3)).data);
  });
  it('toTensor gives [C,H,W]', async () => {
    const img = ramp(3, 2, 2);
    const t = toTensor(img);
    expect(t.shape).toEqual([2, 2, 3]);
    const d = await t.data();
    expect(Array.from(d)).toEqual([0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11]);
    t.dispose();
  });
});
