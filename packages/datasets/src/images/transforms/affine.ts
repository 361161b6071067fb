import { ConfigError } from '../../errors.js';
import { uniform, type Random } from '../../loader/rng.js';
import type { Image } from '../image.js';

export interface AffineParams {
  /** Degrees, counter-clockwise as seen on screen. */
  angle: number;
  /** Pixels (x right, y down). */
  translate: [number, number];
  scale: number;
  /** Value for pixels that come from outside the source; default 0. */
  fill?: number;
}

/**
 * Rotates and scales about the image centre, then translates; output pixels are
 * sampled bilinearly from the inverse-mapped source position.
 */
export function affine(img: Image, p: AffineParams): Image {
  if (!(p.scale > 0)) throw new ConfigError(`affine: scale must be positive, got ${p.scale}`);
  const { width: W, height: H, channels: C } = img;
  const fill = p.fill ?? 0;
  const th = (p.angle * Math.PI) / 180;
  const cos = Math.cos(th);
  const sin = Math.sin(th);
  const cx = (W - 1) / 2;
  const cy = (H - 1) / 2;
  const out = new Float32Array(W * H * C);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      // Forward: d = R (s - c) * scale + c + t with R = [[cos, sin], [-sin, cos]] (y down); invert it.
      const dx = (x - cx - p.translate[0]) / p.scale;
      const dy = (y - cy - p.translate[1]) / p.scale;
      const sx = cos * dx - sin * dy + cx;
      const sy = sin * dx + cos * dy + cy;
      sample(img, sx, sy, fill, out, (y * W + x) * C);
    }
  }
  return { width: W, height: H, channels: C, data: out };
}

function sample(img: Image, sx: number, sy: number, fill: number, out: Float32Array, o: number): void {
  const { width: W, height: H, channels: C, data } = img;
  // Snap coordinates within rounding error of a pixel centre, so 90° turns are exact copies.
  const rx = Math.round(sx);
  const ry = Math.round(sy);
  if (Math.abs(sx - rx) < 1e-6) sx = rx;
  if (Math.abs(sy - ry) < 1e-6) sy = ry;
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const fx = sx - x0;
  const fy = sy - y0;
  for (let c = 0; c < C; c++) {
    let acc = 0;
    for (let j = 0; j < 2; j++) {
      for (let i = 0; i < 2; i++) {
        const w = (i ? fx : 1 - fx) * (j ? fy : 1 - fy);
        if (w === 0) continue;
        const xx = x0 + i;
        const yy = y0 + j;
        acc += w * (xx >= 0 && yy >= 0 && xx < W && yy < H ? data[(yy * W + xx) * C + c] : fill);
      }
    }
    out[o + c] = acc;
  }
}

export interface RandomAffineOptions {
  /** Rotation drawn from [-degrees, degrees]. */
  degrees?: number;
  /** Maximum shift as a fraction of width and height. */
  translate?: [number, number];
  /** Scale drawn from [lo, hi]. */
  scale?: [number, number];
  fill?: number;
}

/** Draws rotation, then translation, then scale from `rand` and applies them. */
export function randomAffine(img: Image, rand: Random, o: RandomAffineOptions = {}): Image {
  const deg = o.degrees ?? 0;
  const [fx, fy] = o.translate ?? [0, 0];
  const [s0, s1] = o.scale ?? [1, 1];
  const angle = uniform(rand, -deg, deg);
  const tx = uniform(rand, -fx, fx) * img.width;
  const ty = uniform(rand, -fy, fy) * img.height;
  const scale = uniform(rand, s0, s1);
  return affine(img, { angle, translate: [tx, ty], scale, fill: o.fill });
}
