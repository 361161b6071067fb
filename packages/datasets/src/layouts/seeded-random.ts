/**
 * A small seeded generator (mulberry32 over a 32-bit state). Splits, samplers and the
 * SynthCXR generator use it so that every draw is reproducible from a seed alone.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? mix32(seed >>> 0 ^ Math.floor(seed / 2 ** 32)) : hashString(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Fisher–Yates in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /** A child generator whose stream depends on this seed and the labels, not on draw order. */
  static derive(seed: number | string, ...labels: (number | string)[]): SeededRandom {
    return new SeededRandom(deriveSeed(seed, ...labels));
  }
}

/** A 32-bit seed from a seed and labels (e.g. study index, purpose). */
export function deriveSeed(seed: number | string, ...labels: (number | string)[]): number {
  let h = typeof seed === 'number' ? mix32(seed >>> 0) : hashString(seed);
  for (const l of labels) h = mix32(h ^ (typeof l === 'number' ? mix32(l >>> 0) : hashString(l)));
  return h;
}

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h >>> 0);
}
