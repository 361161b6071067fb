/**
 * Smooth value noise in [-1, 1] on a hashed lattice: cheap, deterministic per seed,
 * and enough for lung texture, patchy opacities and film grain structure.
 */
export class ValueNoise {
  constructor(private readonly seed: number) {}

  private lattice(i: number, j: number): number {
    let h = Math.imul(i, 0x27d4eb2d) ^ Math.imul(j, 0x165667b1) ^ this.seed;
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return ((h ^ (h >>> 16)) >>> 0) / 2147483648 - 1;
  }

  /** Noise at (u, v) with `freq` lattice cells per unit. */
  at(u: number, v: number, freq: number): number {
    const x = u * freq;
    const y = v * freq;
    const i = Math.floor(x);
    const j = Math.floor(y);
    const fx = x - i;
    const fy = y - j;
    const sx = fx * fx * (3 - 2 * fx);
    const sy = fy * fy * (3 - 2 * fy);
    const a = this.lattice(i, j);
    const b = this.lattice(i + 1, j);
    const c = this.lattice(i, j + 1);
    const d = this.lattice(i + 1, j + 1);
    return a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy;
  }

  /** Two octaves, for a less regular pattern. */
  fractal(u: number, v: number, freq: number): number {
    return 0.67 * this.at(u, v, freq) + 0.33 * this.at(u + 0.37, v + 0.71, freq * 2.3);
  }
}

/** In-place separable box blur of radius r (pixels), `passes` times (≈ Gaussian for 2–3). */
export function boxBlur(img: Float32Array, w: number, h: number, r: number, passes = 2): void {
  if (r < 1) return;
  const tmp = new Float32Array(Math.max(w, h));
  const norm = 1 / (2 * r + 1);
  for (let p = 0; p < passes; p++) {
    for (let y = 0; y < h; y++) blurLine(img, y * w, 1, w, r, norm, tmp);
    for (let x = 0; x < w; x++) blurLine(img, x, w, h, r, norm, tmp);
  }
}

function blurLine(a: Float32Array, start: number, stride: number, n: number, r: number, norm: number, tmp: Float32Array): void {
  const at = (i: number) => a[start + stride * (i < 0 ? 0 : i >= n ? n - 1 : i)];
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += at(i);
  for (let i = 0; i < n; i++) {
    tmp[i] = sum * norm;
    sum += at(i + r + 1) - at(i - r);
  }
  for (let i = 0; i < n; i++) a[start + stride * i] = tmp[i];
}

export function smoothstep(e0: number, e1: number, x: number): number {
  const t = x <= e0 ? 0 : x >= e1 ? 1 : (x - e0) / (e1 - e0);
  return t * t * (3 - 2 * t);
}
