import { ConfigError } from '../errors.js';
import { SeededRandom } from './seeded-random.js';
import type { SplitEntry } from './split-file.js';

export interface FractionOptions<T> {
  /** In (0, 1]: 0.01, 0.1, 1 in the protocols. */
  fraction: number;
  seed: number;
  id: (item: T) => string;
  /** The stratum of an item, e.g. its class or its label combination. */
  stratum: (item: T) => string;
}

/**
 * A stratified label-fraction subset of round(fraction·N) examples: each stratum keeps
 * floor(fraction·size) and the seats left over go first to strata that would otherwise
 * be empty, then by largest remainder (ties seeded), so class balance matches the full
 * set. The result depends only on the seed and the set of items, not their order.
 */
export function labelFraction<T>(items: readonly T[], opts: FractionOptions<T>): T[] {
  const { fraction, seed } = opts;
  if (!(fraction > 0 && fraction <= 1)) throw new ConfigError(`labelFraction: fraction must be in (0, 1], got ${fraction}`);
  const strata = new Map<string, T[]>();
  for (const it of [...items].sort((a, b) => cmp(opts.id(a), opts.id(b)))) {
    const k = opts.stratum(it);
    let s = strata.get(k);
    if (!s) strata.set(k, (s = []));
    s.push(it);
  }
  const keys = [...strata.keys()].sort(cmp);
  const total = Math.max(1, Math.round(fraction * items.length));
  const rng = new SeededRandom(seed);
  const quota = new Map<string, number>();
  let given = 0;
  const rema: { k: string; r: number; tie: number }[] = [];
  for (const k of keys) {
    const exact = fraction * strata.get(k)!.length;
    quota.set(k, Math.floor(exact));
    given += Math.floor(exact);
    rema.push({ k, r: exact - Math.floor(exact), tie: rng.next() });
  }
  // Empty strata first (so rare classes survive a 1% draw), then the largest remainders.
  rema.sort((a, b) => (quota.get(a.k)! === 0 ? 0 : 1) - (quota.get(b.k)! === 0 ? 0 : 1) || b.r - a.r || a.tie - b.tie);
  for (let i = 0; given < total && i < rema.length; i++) {
    quota.set(rema[i].k, quota.get(rema[i].k)! + 1);
    given++;
  }
  const out: T[] = [];
  for (const k of keys) {
    const pool = SeededRandom.derive(seed, 'stratum', k).shuffle([...strata.get(k)!]);
    out.push(...pool.slice(0, quota.get(k)));
  }
  return out;
}

/** The subset as split-file entries (split "train"), ready for writeSplitFile. */
export function labelFractionSplit<T>(items: readonly T[], opts: FractionOptions<T>): SplitEntry[] {
  return labelFraction(items, opts).map((it) => ({ id: opts.id(it), split: 'train' }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
