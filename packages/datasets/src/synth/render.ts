import { ConfigError } from '../errors.js';
import type { Box } from '../layouts/box.js';
import { SeededRandom } from '../layouts/seeded-random.js';
import { renderAnatomy } from './anatomy-render.js';
import { drawFinding } from './findings-render.js';
import { Thorax } from './geometry.js';
import { boxBlur } from './noise.js';
import type { StudySpec } from './spec.js';

export interface RenderedStudy {
  size: number;
  /** Grey image, row-major, values in [0,1] (white = dense). */
  image: Float32Array;
  /** One 0/1 mask per entry of spec.findings, in image pixels. */
  masks: Uint8Array[];
  /** Boxes (image pixels) per finding: one per consolidation; [] for the rest. */
  boxes: Box[][];
}

export const MIN_SIZE = 64;
export const MAX_SIZE = 512;

/** Cardiothoracic-ratio multipliers on the heart width per cardiomegaly severity. */
const HEART_SCALE = [1, 1.2, 1.32, 1.45];

/**
 * Renders a study: the patient's anatomy, then each finding into the same attenuation
 * map, then the lung markings (which findings can hide or engorge), then positioning,
 * exposure, blur and quantum noise. Everything derives from the spec's seeds.
 */
export function renderStudy(spec: StudySpec, size: number): RenderedStudy {
  if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE) {
    throw new ConfigError(`SynthCXR: size must be an integer in ${MIN_SIZE}..${MAX_SIZE}, got ${size}`);
  }
  const a = spec.anatomy;
  const th = new Thorax(a);
  const cardio = spec.findings.find((f) => f.kind === 'cardiomegaly');
  if (cardio && cardio.kind === 'cardiomegaly') th.heartScale = HEART_SCALE[cardio.severity];
  const maps = renderAnatomy(th, size);
  const vesselGain = new Float32Array(size * size).fill(1);
  const canvas = { th, size, density: maps.density, lung: maps.lung, vesselGain };
  const canonicalMasks = spec.findings.map((f) => drawFinding(f, canvas));
  const { density, lung, vessels } = maps;
  for (let k = 0; k < density.length; k++) {
    if (vessels[k] > 0) density[k] += 0.3 * vessels[k] * vesselGain[k] * Math.min(1, lung[k] * 1.4);
  }
  const warp = frameWarp(spec, size);
  const image = new Float32Array(size * size);
  warp.sample(density, image);
  develop(image, spec, size);
  const masks = canonicalMasks.map((m) => warp.sampleMask(m));
  const boxes = spec.findings.map((f, i) => (f.kind === 'consolidation' ? boxesOf(masks[i], size) : []));
  return { size, image, masks, boxes };
}

/** Film response: attenuation → brightness with exposure and gamma, detector blur, noise. */
function develop(img: Float32Array, spec: StudySpec, size: number): void {
  const a = spec.anatomy;
  const k = 1.1 * a.exposure;
  const lo = 1 - Math.exp(-k * 0.05);
  const hi = 1 - Math.exp(-k * 2.3);
  for (let i = 0; i < img.length; i++) {
    const t = (1 - Math.exp(-k * Math.max(0, img[i])) - lo) / (hi - lo);
    img[i] = Math.pow(Math.min(1, Math.max(0, t)), a.gamma);
  }
  boxBlur(img, size, size, Math.round((a.blur * size) / 256), 2);
  const rng = new SeededRandom(a.textureSeed ^ 0x5bd1e995);
  for (let i = 0; i < img.length; i++) {
    // Quantum noise is stronger where fewer photons arrive (bright areas on film).
    // (Sum of three uniforms: a cheap, bounded stand-in for Gaussian noise.)
    const n = a.noise * (0.6 + 0.6 * img[i]) * 2 * (rng.next() + rng.next() + rng.next() - 1.5);
    img[i] = Math.min(1, Math.max(0, img[i] + n));
  }
}

/** Positioning: each output pixel samples the canonical maps through a small similarity transform. */
function frameWarp(spec: StudySpec, size: number) {
  const a = spec.anatomy;
  const c = Math.cos(-a.rotation), s = Math.sin(-a.rotation);
  const src = new Float32Array(size * size * 2);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = (x + 0.5) / size - 0.5 - a.shiftU, py = (y + 0.5) / size - 0.5 - a.shiftV;
      const u = (c * px - s * py) / a.zoom + 0.5, v = (s * px + c * py) / a.zoom + 0.5;
      src[2 * (y * size + x)] = u * size - 0.5;
      src[2 * (y * size + x) + 1] = v * size - 0.5;
    }
  }
  const clampI = (i: number) => (i < 0 ? 0 : i >= size ? size - 1 : i);
  return {
    sample(from: Float32Array, to: Float32Array): void {
      for (let i = 0; i < to.length; i++) {
        const fx = src[2 * i], fy = src[2 * i + 1];
        const x0 = Math.floor(fx), y0 = Math.floor(fy);
        const tx = fx - x0, ty = fy - y0;
        const a00 = from[clampI(y0) * size + clampI(x0)], a01 = from[clampI(y0) * size + clampI(x0 + 1)];
        const a10 = from[clampI(y0 + 1) * size + clampI(x0)], a11 = from[clampI(y0 + 1) * size + clampI(x0 + 1)];
        to[i] = (a00 * (1 - tx) + a01 * tx) * (1 - ty) + (a10 * (1 - tx) + a11 * tx) * ty;
      }
    },
    sampleMask(from: Uint8Array): Uint8Array {
      const out = new Uint8Array(size * size);
      for (let i = 0; i < out.length; i++) {
        const x = Math.round(src[2 * i]), y = Math.round(src[2 * i + 1]);
        if (x >= 0 && y >= 0 && x < size && y < size) out[i] = from[y * size + x];
      }
      return out;
    },
  };
}

/** The bounding box of a mask's pixels (one box per finding), or none when empty. */
function boxesOf(mask: Uint8Array, size: number): Box[] {
  let x0 = size, y0 = size, x1 = -1, y1 = -1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!mask[y * size + x]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? [] : [{ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }];
}
