import type { Random } from '../../loader/rng.js';
import type { Image } from '../image.js';

/** Mirror left–right. */
export function hflip(img: Image): Image {
  const { width: W, height: H, channels: C } = img;
  const out = new Float32Array(img.data.length);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const s = (y * W + x) * C;
      const d = (y * W + (W - 1 - x)) * C;
      for (let c = 0; c < C; c++) out[d + c] = img.data[s + c];
    }
  }
  return { width: W, height: H, channels: C, data: out };
}

/** Mirror with probability `p` (one draw from `rand` either way). */
export function randomHorizontalFlip(img: Image, rand: Random, p = 0.5): Image {
  return rand() < p ? hflip(img) : img;
}
