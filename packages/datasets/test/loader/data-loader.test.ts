import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/errors.js';
import { DataLoader, type Dataset } from '../../src/loader/index.js';

/** Records are their own index, with a value drawn from the per-item stream. */
function numbers(n: number, delayMs = 0, log?: string[]): Dataset<{ i: number; r: number }> {
  return {
    length: n,
    async get(i, ctx) {
      log?.push(`start ${i}`);
      if (delayMs) await new Promise((res) => setTimeout(res, delayMs));
      log?.push(`end ${i}`);
      return { i, r: ctx!.rand() };
    },
  };
}
const plain = <T,>(r: T[]) => r;

async function take<B>(loader: AsyncIterable<B>, k = Infinity): Promise<B[]> {
  const out: B[] = [];
  if (k <= 0) return out;
  for await (const b of loader) {
    out.push(b);
    if (out.length >= k) break;
  }
  return out;
}

describe('DataLoader', () => {
  it('serves every record once per epoch, reshuffled per epoch, reproducibly per seed', async () => {
    const mk = (seed: number) => new DataLoader(numbers(23), { batchSize: 5, seed, collate: plain });
    const a = mk(1);
    const e0 = (await take(a)).flat().map((r) => r.i);
    const e1 = (await take(a)).flat().map((r) => r.i);
    expect([...e0].sort((x, y) => x - y)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect([...e1].sort((x, y) => x - y)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(e0).not.toEqual(e1);
    expect(a.epoch).toBe(2);
    const b = mk(1);
    expect((await take(b)).flat().map((r) => r.i)).toEqual(e0);
    expect((await take(mk(2))).flat().map((r) => r.i)).not.toEqual(e0);
  });
  it('batch sizes, dropLast, no shuffle', async () => {
    const l = new DataLoader(numbers(23), { batchSize: 5, shuffle: false, collate: plain });
    expect((await take(l)).map((b) => b.length)).toEqual([5, 5, 5, 5, 3]);
    const d = new DataLoader(numbers(23), { batchSize: 5, dropLast: true, collate: plain });
    expect((await take(d)).map((b) => b.length)).toEqual([5, 5, 5, 5]);
    expect(d.batchesPerEpoch).toBe(4);
    expect((await take(l)).flat().map((r) => r.i)).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });
  it('per-item random streams depend on (seed, epoch, index) only', async () => {
    const a = (await take(new DataLoader(numbers(10), { batchSize: 3, seed: 4, collate: plain }))).flat();
    const b = (await take(new DataLoader(numbers(10), { batchSize: 4, seed: 4, prefetch: 0, collate: plain }))).flat();
    const byIndex = (rs: { i: number; r: number }[]) => Object.fromEntries(rs.map((x) => [x.i, x.r]));
    expect(byIndex(a)).toEqual(byIndex(b));
  });
  it('resumes from state() exactly, mid-epoch and across epochs', async () => {
    const full = new DataLoader(numbers(30), { batchSize: 4, seed: 9, collate: plain });
    const ref = [...(await take(full)), ...(await take(full))].map((b) => b.map((r) => r.i));
    const part = new DataLoader(numbers(30), { batchSize: 4, seed: 9, collate: plain });
    const first = (await take(part, 3)).map((b) => b.map((r) => r.i));
    const saved = JSON.parse(JSON.stringify(part.state()));
    expect(saved).toEqual({ epoch: 0, index: 12, seed: 9 });
    const resumed = new DataLoader(numbers(30), { batchSize: 4, seed: 9, collate: plain });
    resumed.restore(saved);
    const rest = [...(await take(resumed)), ...(await take(resumed))].map((b) => b.map((r) => r.i));
    expect([...first, ...rest]).toEqual(ref);
    expect(() => resumed.restore({ epoch: 0, index: 0, seed: 1 })).toThrow(/saved with seed 1, this loader has 9/);
  });
  it('prefetches the next batches while one is consumed', async () => {
    const log: string[] = [];
    const l = new DataLoader(numbers(12, 5, log), { batchSize: 3, shuffle: false, prefetch: 2, collate: plain });
    const it = l[Symbol.asyncIterator]();
    await it.next(); // batch 0 delivered
    // Batches 1 and 2 were requested before batch 0 came back; batch 3 after.
    expect(log.indexOf('start 3')).toBeLessThan(log.indexOf('end 0'));
    expect(log.indexOf('start 6')).toBeLessThan(log.indexOf('end 0'));
    expect(log.indexOf('start 9')).toBeGreaterThan(log.indexOf('end 0'));
    await it.return(undefined);
  });
  it('a bad record is an error naming its file, or with skipBad is skipped and counted', async () => {
    const flaky: Dataset<number> = {
      length: 10,
      get(i) {
        if (i === 3 || i === 7) throw new DecodeError(`files/img${i}.png`, 'not a readable PNG (bad CRC)');
        if (i === 8) throw new Error('disk on fire');
        return i;
      },
    };
    const strict = new DataLoader(flaky, { batchSize: 4, shuffle: false, collate: plain });
    await expect(take(strict)).rejects.toThrow('files/img3.png: not a readable PNG (bad CRC)');
    const lenient = new DataLoader(flaky, { batchSize: 4, shuffle: false, collate: plain, skipBad: true });
    const got = await take(lenient);
    expect(got).toEqual([[0, 1, 2], [4, 5, 6], [9]]);
    const s = lenient.summary();
    expect(s.skipped).toBe(3);
    expect(s.bad.map((b) => [b.index, b.file])).toEqual([[3, 'files/img3.png'], [7, 'files/img7.png'], [8, undefined]]);
    expect(s.bad[2].message).toBe('disk on fire');
    const other = new DataLoader({ length: 1, get: () => { throw new Error('boom'); } }, { batchSize: 1, collate: plain });
    await expect(take(other)).rejects.toThrow('record 0: boom');
  });
});
