import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/layouts/seeded-random.js';
import { renderStudy } from '../../src/synth/render.js';
import { FINDING_KINDS, type StudySpec, sampleAnatomy, sampleFindings } from '../../src/synth/spec.js';
import { generateStudy } from '../../src/synth/study.js';

function specWith(seed: number, kind: (typeof FINDING_KINDS)[number]): StudySpec {
  const rng = new SeededRandom(seed);
  return { anatomy: sampleAnatomy(rng), findings: sampleFindings(rng, { include: [kind] }), reportSeed: 1 };
}

function dilate(mask: Uint8Array, size: number, r: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!mask[y * size + x]) continue;
      for (let yy = Math.max(0, y - r); yy <= Math.min(size - 1, y + r); yy++) {
        for (let xx = Math.max(0, x - r); xx <= Math.min(size - 1, x + r); xx++) out[yy * size + xx] = 1;
      }
    }
  }
  return out;
}

describe('SynthCXR rendering', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = generateStudy(42, { size: 96 });
    const b = generateStudy(42, { size: 96 });
    const c = generateStudy(43, { size: 96 });
    expect(a.image).toEqual(b.image);
    expect(a.report.text).toBe(b.report.text);
    expect(a.image).not.toEqual(c.image);
  });

  it('renders 64 to 512 px and rejects other sizes', () => {
    for (const size of [64, 200, 512]) {
      const s = generateStudy(1, { size });
      expect(s.image.length).toBe(size * size);
      expect(s.image.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
    expect(() => generateStudy(1, { size: 32 })).toThrow('SynthCXR: size must be an integer in 64..512, got 32');
    expect(() => generateStudy(1, { size: 513 })).toThrow('size must be an integer in 64..512');
  });

  it("puts each finding's signal inside its mask", () => {
    // Render the same patient with and without the finding: the change must sit in the mask.
    const size = 128;
    for (const kind of FINDING_KINDS) {
      for (let seed = 0; seed < 6; seed++) {
        const spec = specWith(1000 * seed + kind.length, kind);
        const i = spec.findings.findIndex((f) => f.kind === kind);
        const withF = renderStudy(spec, size);
        const without = renderStudy({ ...spec, findings: spec.findings.filter((_, j) => j !== i) }, size);
        const mask = withF.masks[i];
        let inSum = 0, inN = 0, outSum = 0, outN = 0;
        for (let k = 0; k < mask.length; k++) {
          const d = Math.abs(withF.image[k] - without.image[k]);
          if (mask[k]) (inSum += d), inN++;
          else (outSum += d), outN++;
        }
        const inside = inSum / inN, outside = outSum / outN;
        expect(inN, `${kind} seed ${seed}: empty mask`).toBeGreaterThan(0);
        expect(inside, `${kind} seed ${seed}: weak signal ${inside.toFixed(4)}`).toBeGreaterThan(0.03);
        expect(inside / Math.max(outside, 1e-6), `${kind} seed ${seed}: in ${inside.toFixed(4)} vs out ${outside.toFixed(5)}`).toBeGreaterThan(8);
        // Most of the total change lies in the mask, up to the detector blur (2 px here).
        const near = dilate(mask, size, 2);
        let nearSum = 0;
        for (let k = 0; k < mask.length; k++) if (near[k]) nearSum += Math.abs(withF.image[k] - without.image[k]);
        expect(nearSum / (inSum + outSum), `${kind} seed ${seed}: share near the mask`).toBeGreaterThan(0.75);
      }
    }
  });
});
