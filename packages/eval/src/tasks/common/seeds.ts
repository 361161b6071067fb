/**
 * Seeds: every task runs over several seeds (5 by default, as the literature does for the
 * small-data settings) and reports mean ± std. A seed picks the label-fraction subset,
 * the head's initial weights and the batch order; `deriveTaskSeed` spreads one run seed
 * over those uses so they do not share a random stream.
 */
import { deriveSeed } from '@prior/datasets';
import { Generator } from '@prior/tensor';

export const DEFAULT_SEED_COUNT = 5;

/** A count n → [0, …, n−1]; a list is used as given (checked: distinct non-negative integers). */
export function resolveSeeds(seeds: number | readonly number[] | undefined, defaultCount = DEFAULT_SEED_COUNT): number[] {
  const list = seeds === undefined ? defaultCount : seeds;
  const out = typeof list === 'number' ? Array.from({ length: list }, (_, i) => i) : [...list];
  if (out.length === 0) throw new RangeError('resolveSeeds: at least one seed is needed');
  for (const s of out) if (!Number.isSafeInteger(s) || s < 0) throw new RangeError(`resolveSeeds: seeds must be non-negative integers, got ${s}`);
  if (new Set(out).size !== out.length) throw new RangeError(`resolveSeeds: seed listed twice in [${out.join(', ')}]`);
  return out;
}

/** A seed for one use (`'head'`, `'order'`, `'fraction'`, …) of a run seed within a task. */
export function deriveTaskSeed(seed: number, ...parts: (string | number)[]): number {
  return deriveSeed(seed, ...parts) >>> 0;
}

/** A tensor generator for one use of a run seed. */
export function taskGenerator(seed: number, ...parts: (string | number)[]): Generator {
  return new Generator(deriveTaskSeed(seed, ...parts));
}
