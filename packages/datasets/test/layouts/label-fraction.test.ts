import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/layouts/file-store.js';
import { labelFraction, labelFractionSplit } from '../../src/layouts/label-fraction.js';
import { readSplitFile, writeSplitFile } from '../../src/layouts/split-file.js';

const items = Array.from({ length: 1000 }, (_, i) => ({ id: `img${i}`, cls: i % 10 < 7 ? 'neg' : i % 10 < 9 ? 'a' : 'b' }));
const opts = (fraction: number, seed: number) => ({ fraction, seed, id: (x: (typeof items)[number]) => x.id, stratum: (x: (typeof items)[number]) => x.cls });

describe('label-fraction splits', () => {
  it('keeps the class balance at 1%, 10% and 100%', () => {
    for (const f of [0.01, 0.1, 1]) {
      const sub = labelFraction(items, opts(f, 1));
      expect(sub.length).toBe(Math.round(f * items.length));
      const count = (c: string) => sub.filter((x) => x.cls === c).length;
      expect(count('neg')).toBe(Math.round(f * 700));
      expect(count('a')).toBe(Math.round(f * 200));
      expect(count('b')).toBe(Math.round(f * 100));
    }
  });

  it('is fixed by the seed, independent of input order, and differs across seeds', () => {
    const a = labelFraction(items, opts(0.1, 4)).map((x) => x.id);
    const b = labelFraction([...items].reverse(), opts(0.1, 4)).map((x) => x.id);
    const c = labelFraction(items, opts(0.1, 5)).map((x) => x.id);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    // The 1% subset is drawn independently but always from the same pool.
    expect(new Set(labelFraction(items, opts(0.01, 4)).map((x) => x.id)).size).toBe(10);
  });

  it('gives leftover seats to strata that would otherwise be empty', () => {
    // 1% of 480: 'neg' (exact 3.9) has the largest remainder, but the one seat left
    // after the floors goes to the rare class (exact 0.5), which would otherwise be empty.
    const mixed = [...items.slice(0, 390).map((x) => ({ ...x, cls: 'neg' })), ...items.slice(390, 440).map((x) => ({ ...x, cls: 'rare' }))];
    const sub = labelFraction(mixed, opts(0.01, 1));
    expect(sub.length).toBe(4);
    expect(sub.filter((x) => x.cls === 'rare').length).toBe(1);
    expect(sub.filter((x) => x.cls === 'neg').length).toBe(3);
  });

  it('writes and reads back as a split file', async () => {
    const store = memoryStore();
    const entries = labelFractionSplit(items, opts(0.1, 2));
    await writeSplitFile(store, 'splits/chexpert_10pct_seed2.csv', entries);
    expect(await readSplitFile(store, 'splits/chexpert_10pct_seed2.csv')).toEqual(entries);
  });
});
