import { seededRandom, type Random } from './rng.js';

/** What a dataset's `get` receives besides the index, for deterministic augmentation. */
export interface ItemContext {
  epoch: number;
  /** A stream fixed by (loader seed, epoch, index): the same whatever order items load in. */
  rand: Random;
}

/** Random access to records; `get` may be async (file reads, decoding in workers). */
export interface Dataset<T> {
  readonly length: number;
  get(index: number, ctx?: ItemContext): Promise<T> | T;
}

/** A dataset whose records are `fn` applied to another's (augmentation, tokenisation). */
export function mapDataset<T, U>(
  base: Dataset<T>,
  fn: (record: T, ctx: ItemContext, index: number) => Promise<U> | U,
): Dataset<U> {
  return {
    get length() {
      return base.length;
    },
    async get(index, ctx) {
      // Called outside a DataLoader: a fixed stream per index, so results still repeat.
      const c = ctx ?? { epoch: 0, rand: seededRandom(0, 0, index) };
      return fn(await base.get(index, c), c, index);
    },
  };
}
