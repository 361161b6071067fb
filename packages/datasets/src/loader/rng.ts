/** A source of uniform numbers in [0,1). */
export type Random = () => number;

/** Mixes 32-bit words into one (murmur3 finaliser), so nearby keys give unrelated streams. */
function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A seeded generator (sfc32) whose stream is a function of all its keys, e.g.
 * `seededRandom(seed, epoch, index)`: the transform of sample i in epoch e is then the
 * same whichever worker or order decodes it, which keeps prefetching and resuming exact.
 */
export function seededRandom(...keys: number[]): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = 1;
  for (const key of keys) {
    // Keys may exceed 32 bits (seeds): feed the low and high words.
    const lo = key | 0;
    const hi = Math.floor(key / 0x100000000) | 0;
    a = mix(a, lo);
    b = mix(b, hi ^ a);
    c = mix(c, lo ^ b);
    d = mix(d, hi ^ c);
  }
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // warm up away from the seeding
  return next;
}

/** Uniform in [lo, hi). */
export function uniform(rand: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * rand();
}

/** Uniform integer in [0, n). */
export function randInt(rand: Random, n: number): number {
  return Math.min(n - 1, Math.floor(rand() * n));
}

/** Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number, rand: Random): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = randInt(rand, i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
