import { ConfigError, DatasetError } from '../errors.js';
import { collate as defaultCollate, type Batch } from './collate.js';
import type { Dataset } from './dataset.js';
import { permutation, seededRandom } from './rng.js';

export interface DataLoaderOptions<T, B> {
  batchSize: number;
  /** Reshuffle every epoch (order fixed by seed and epoch); default true. */
  shuffle?: boolean;
  seed?: number;
  /** Drop a last batch smaller than batchSize; default false. */
  dropLast?: boolean;
  /** Batches loaded ahead of the one being consumed; default 2. 0 loads on demand. */
  prefetch?: number;
  collate?: (records: T[]) => B;
  /** Skip records whose loading fails (corrupt or missing files) and count them; default false. */
  skipBad?: boolean;
}

/** Where a loader stands: the next batch starts at position `index` of epoch `epoch`'s order. */
export interface LoaderState {
  epoch: number;
  index: number;
  seed: number;
}

export interface BadRecord {
  epoch: number;
  index: number;
  file?: string;
  message: string;
}

/**
 * Batches a dataset: seeded per-epoch shuffling, background prefetch (the next batches'
 * records load while the current one is consumed; decoding runs in worker threads when
 * the dataset uses a DecodePool), collation, and a resumable position.
 *
 * `for await (const batch of loader)` runs the rest of the current epoch, then moves to
 * the next; breaking out leaves the position after the last batch received.
 */
export class DataLoader<T, B = Batch> {
  private epochNo = 0;
  private pos = 0;
  private readonly opts: Required<Omit<DataLoaderOptions<T, B>, 'collate'>> & { collate: (r: T[]) => B };
  private readonly bad: BadRecord[] = [];
  private orderCache: { epoch: number; order: Int32Array } | undefined;

  constructor(
    readonly dataset: Dataset<T>,
    opts: DataLoaderOptions<T, B>,
  ) {
    if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) {
      throw new ConfigError(`DataLoader: batchSize must be a positive integer, got ${opts.batchSize}`);
    }
    this.opts = {
      shuffle: true,
      seed: 0,
      dropLast: false,
      prefetch: 2,
      skipBad: false,
      collate: (r: T[]) => defaultCollate(r as Record<string, unknown>[]) as B,
      ...opts,
    };
  }

  get epoch(): number {
    return this.epochNo;
  }

  /** Batches in one full epoch. */
  get batchesPerEpoch(): number {
    const n = this.dataset.length;
    const b = this.opts.batchSize;
    return this.opts.dropLast ? Math.floor(n / b) : Math.ceil(n / b);
  }

  /** Dataset indices of an epoch, in the order they are served. */
  order(epoch: number): Int32Array {
    if (this.orderCache?.epoch === epoch) return this.orderCache.order;
    const n = this.dataset.length;
    const order = this.opts.shuffle ? permutation(n, seededRandom(this.opts.seed, epoch, 0x5eed)) : Int32Array.from({ length: n }, (_, i) => i);
    this.orderCache = { epoch, order };
    return order;
  }

  state(): LoaderState {
    return { epoch: this.epochNo, index: this.pos, seed: this.opts.seed };
  }

  restore(s: LoaderState): void {
    if (s.seed !== this.opts.seed) throw new ConfigError(`DataLoader.restore: state was saved with seed ${s.seed}, this loader has ${this.opts.seed}`);
    if (!Number.isInteger(s.epoch) || s.epoch < 0 || !Number.isInteger(s.index) || s.index < 0 || s.index > this.dataset.length) {
      throw new ConfigError(`DataLoader.restore: invalid position epoch ${s.epoch}, index ${s.index}`);
    }
    this.epochNo = s.epoch;
    this.pos = s.index;
  }

  /** Records skipped so far under `skipBad`, with the file and the reason. */
  summary(): { skipped: number; bad: BadRecord[] } {
    return { skipped: this.bad.length, bad: [...this.bad] };
  }

  private async loadOne(epoch: number, index: number): Promise<{ ok: true; value: T } | { ok: false }> {
    try {
      const value = await this.dataset.get(index, { epoch, rand: seededRandom(this.opts.seed, epoch, index) });
      return { ok: true, value };
    } catch (e) {
      const err = e as Error & { file?: string };
      if (!this.opts.skipBad) {
        if (e instanceof DatasetError) throw e;
        throw new DatasetError(`record ${index}: ${err.message}`, { cause: e });
      }
      this.bad.push({ epoch, index, file: err.file, message: err.message });
      return { ok: false };
    }
  }

  private loadBatch(epoch: number, start: number, end: number): Promise<T[]> {
    const idx = this.order(epoch).subarray(start, end);
    return Promise.all(Array.from(idx, (i) => this.loadOne(epoch, i))).then((rs) =>
      rs.flatMap((r) => (r.ok ? [r.value] : [])),
    );
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<B> {
    const epoch = this.epochNo;
    const n = this.dataset.length;
    const bs = this.opts.batchSize;
    const limit = this.opts.dropLast ? Math.floor(n / bs) * bs : n;
    const starts: number[] = [];
    for (let s = this.pos; s < limit; s += bs) starts.push(s);
    const pending: Promise<T[]>[] = [];
    let next = 0;
    const fill = () => {
      while (next < starts.length && pending.length <= this.opts.prefetch) {
        const s = starts[next++];
        const p = this.loadBatch(epoch, s, Math.min(s + bs, limit));
        p.catch(() => {}); // failures surface when this batch is awaited, not as unhandled rejections
        pending.push(p);
      }
    };
    for (let k = 0; k < starts.length; k++) {
      fill();
      const records = await pending.shift()!;
      fill();
      this.pos = Math.min(starts[k] + bs, limit);
      if (records.length === 0) continue; // every record of this batch was bad and skipped
      yield this.opts.collate(records);
    }
    this.epochNo = epoch + 1;
    this.pos = 0;
  }
}
