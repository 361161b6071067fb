import { seedToKey } from './philox-key.js';

/**
 * A seeded source of random streams (counter-based Philox4x32-10): each request takes
 * the next range of counters, so draws are reproducible and independent of backend.
 */
export class Generator {
  #key: [number, number];
  #counter = 0n;
  readonly seed: bigint;

  constructor(seed: number | bigint = 0) {
    this.#key = seedToKey(seed);
    this.seed = BigInt(seed);
  }

  /** Key and first counter for `n` numbers; advances past them (4 numbers per counter). */
  take(n: number): { key: readonly [number, number]; counter: readonly [number, number] } {
    const c = this.#counter;
    this.#counter += BigInt(Math.ceil(n / 4));
    return { key: this.#key, counter: [Number(c & 0xffffffffn), Number((c >> 32n) & 0xffffffffn)] };
  }

  /** Counter position, for checkpoints. */
  getState(): { seed: string; counter: string } {
    return { seed: this.seed.toString(), counter: this.#counter.toString() };
  }

  setState(state: { seed: string; counter: string }): void {
    this.#key = seedToKey(BigInt(state.seed));
    (this as { seed: bigint }).seed = BigInt(state.seed);
    this.#counter = BigInt(state.counter);
  }
}

/** PyTorch's default seed, so runs without manualSeed are still reproducible. */
const DEFAULT_SEED = 67280421310721n;
let defaultGen = new Generator(DEFAULT_SEED);

export function defaultGenerator(): Generator {
  return defaultGen;
}

/** Reseeds the default generator. */
export function manualSeed(seed: number | bigint): Generator {
  defaultGen = new Generator(seed);
  return defaultGen;
}
