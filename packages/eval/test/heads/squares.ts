/** The oracle data: dark noisy images with one or two bright squares (masks and boxes). */
import { SeededRandom } from '@prior/datasets';
import type { BoxLike } from '../../src/index.js';

export interface SquareImage {
  id: string;
  pixels: Float32Array;
  mask: Uint8Array;
  boxes: BoxLike[];
}

export function squareImages(count: number, size: number, seed: number, opts: { maxSquares?: number; minSide?: number; maxSide?: number } = {}): SquareImage[] {
  const rng = new SeededRandom(seed);
  const minSide = opts.minSide ?? 8;
  const maxSide = opts.maxSide ?? 14;
  return Array.from({ length: count }, (_, n) => {
    const pixels = Float32Array.from({ length: size * size }, () => 0.15 * rng.normal());
    const mask = new Uint8Array(size * size);
    const boxes: BoxLike[] = [];
    const k = 1 + rng.int(opts.maxSquares ?? 1);
    for (let attempt = 0; boxes.length < k && attempt < 50; attempt++) {
      const side = minSide + rng.int(maxSide - minSide + 1);
      const x = rng.int(size - side + 1);
      const y = rng.int(size - side + 1);
      const b = { x, y, width: side, height: side };
      // Separate squares (a gap of 2 px) so each box is one object.
      if (boxes.some((o) => x < o.x + o.width + 2 && o.x < x + side + 2 && y < o.y + o.height + 2 && o.y < y + side + 2)) continue;
      boxes.push(b);
      for (let yy = y; yy < y + side; yy++) for (let xx = x; xx < x + side; xx++) {
        mask[yy * size + xx] = 1;
        pixels[yy * size + xx] += 1;
      }
    }
    return { id: `sq${seed}-${n}`, pixels, mask, boxes };
  });
}
