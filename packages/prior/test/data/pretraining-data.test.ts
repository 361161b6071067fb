/**
 * The pre-training data pipeline on a small SynthCXR tree: generation caching, PRIOR
 * pairing, the cached vocabulary, sentence shuffling, token sentence indices, the
 * per-epoch frontal image choice, augmentation determinism and collation.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataLoader, type MimicTruthStudy, frontalImageForEpoch, seededRandom } from '@prior/datasets';
import { resolveConfig } from '../../src/config/load.js';
import { ensureSynthCxr } from '../../src/data/synth.js';
import { loadPretrainingPairs } from '../../src/data/pairs.js';
import { loadOrTrainVocabulary } from '../../src/data/vocabulary.js';
import { PretrainingDataset } from '../../src/data/pretraining-dataset.js';
import { collatePretraining, disposeBatch, toPriorBatch } from '../../src/data/collate.js';
import { openPretrainingData } from '../../src/data/open.js';
import type { PretrainingRecord } from '../../src/data/record.js';

const config = resolveConfig('tiny', {
  model: { imageEncoder: { imageSize: 64 }, textEncoder: { vocabSize: 400, maxLen: 256, positions: 256 } },
  data: { minSentences: 4, batchSize: 4 },
  run: { seed: 3 },
});
let dir: string;
let truth: MimicTruthStudy[];
let data: Awaited<ReturnType<typeof openPretrainingData>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prior-data-'));
  const r = await ensureSynthCxr(dir, { subjects: 24, size: 64, seed: 5 });
  expect(r.generated).toBe(true);
  truth = r.studies!;
  data = await openPretrainingData(dir, { config });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pre-training data', () => {
  it('generates SynthCXR once per option set', async () => {
    expect((await ensureSynthCxr(dir, { subjects: 24, size: 64, seed: 5 })).generated).toBe(false);
  });

  it('pairs train-split studies with a frontal image and at least minSentences FINDINGS+IMPRESSION sentences', async () => {
    const { dataset } = data;
    const expected = truth.filter((t) => t.split === 'train' && t.reportWritten && t.sentences.length >= 4 && t.frontal.length > 0);
    expect(dataset.length).toBeGreaterThan(10);
    expect(dataset.pairs.map((p) => p.study.studyId).sort()).toEqual(expected.map((t) => t.studyId).sort());
    for (const p of dataset.pairs) {
      expect(p.sentences.length).toBeGreaterThanOrEqual(4);
      expect(p.study.split).toBe('train');
      expect(p.study.images.every((i) => i.viewPosition === 'PA' || i.viewPosition === 'AP')).toBe(true);
    }
    const held = await loadPretrainingPairs(dir, { minSentences: 4, splits: ['validate', 'test'] });
    const ids = new Set(dataset.pairs.map((p) => p.study.studyId));
    expect(held.pairs.every((p) => !ids.has(p.study.studyId))).toBe(true);
  });

  it('caches the vocabulary beside the data', async () => {
    const again = await loadOrTrainVocabulary(dir, [], 400);
    expect(again.trained).toBe(false);
    expect(again.tokenizer.idToToken).toEqual(data.tokenizer.idToToken);
    expect(again.tokenizer.idToToken.length).toBeLessThanOrEqual(400);
  });

  it('shuffles sentence order per epoch, never the content, and repeats it for the same (seed, epoch, index)', () => {
    const { dataset } = data;
    let changed = 0;
    dataset.pairs.forEach((p, i) => {
      const orders = [0, 1, 2, 3].map((e) => dataset.sentencesFor(i, e));
      for (const o of orders) expect([...o].sort()).toEqual([...p.sentences].sort());
      expect(dataset.sentencesFor(i, 2)).toEqual(orders[2]);
      if (orders.some((o) => o.join('|') !== orders[0].join('|'))) changed++;
    });
    expect(changed).toBe(dataset.length);
  });

  it('tags every token with the sentence it came from', async () => {
    const { dataset, tokenizer } = data;
    for (let i = 0; i < 6; i++) {
      const r = await dataset.get(i, { epoch: 1, rand: seededRandom(3, 1, i) });
      expect(r.sentences).toEqual(dataset.sentencesFor(i, 1));
      expect(r.ids[0]).toBe(tokenizer.clsId);
      expect(r.ids[r.ids.length - 1]).toBe(tokenizer.sepId);
      r.sentences.forEach((s, k) => {
        const mine = Array.from(r.ids).filter((_, t) => r.sentenceIndex[t] === k);
        expect(mine).toEqual(tokenizer.tokenize(s).map((t) => tokenizer.tokenId(t)));
      });
      expect(Array.from(r.sentenceIndex).filter((s) => s < 0)).toHaveLength(2);
    }
  });

  it('cuts long reports to maxLen tokens, keeping whole-sentence indices dense', async () => {
    const short = new PretrainingDataset({ ...data.dataset.opts, config: resolveConfig(config, { model: { textEncoder: { maxLen: 24 } } }) });
    const r = await short.get(0, { epoch: 2, rand: seededRandom(3, 2, 0) });
    expect(r.ids).toHaveLength(24);
    const full = short.sentencesFor(0, 2);
    expect(r.sentences).toEqual(full.slice(0, r.sentences.length));
    expect(r.sentences.length).toBeLessThan(full.length);
    expect(new Set(Array.from(r.sentenceIndex).filter((s) => s >= 0))).toEqual(new Set(r.sentences.map((_, k) => k)));
  });

  it('chooses the frontal image by (seed, epoch) and augments deterministically', async () => {
    const { dataset } = data;
    const multi = dataset.pairs.findIndex((p) => p.study.images.length > 1);
    const idx = multi >= 0 ? multi : 0;
    const study = dataset.pairs[idx].study;
    const seen = new Set<string>();
    for (let e = 0; e < 8; e++) {
      const a = await dataset.get(idx, { epoch: e, rand: seededRandom(3, e, idx) });
      const b = await dataset.get(idx, { epoch: e, rand: seededRandom(3, e, idx) });
      expect(a.dicomId).toBe(frontalImageForEpoch(study, e, 3).dicomId);
      expect(b.dicomId).toBe(a.dicomId);
      expect(Array.from(b.image.data)).toEqual(Array.from(a.image.data));
      expect([a.image.width, a.image.height, a.image.channels]).toEqual([64, 64, 1]);
      seen.add(a.dicomId);
    }
    if (multi >= 0) expect(seen.size).toBeGreaterThan(1);
    const e0 = await dataset.get(idx, { epoch: 0, rand: seededRandom(3, 0, idx) });
    const e1 = await dataset.get(idx, { epoch: 1, rand: seededRandom(3, 1, idx) });
    expect(Array.from(e1.image.data)).not.toEqual(Array.from(e0.image.data));
  });

  it('normalises without augmentation for evaluation', async () => {
    const ev = new PretrainingDataset({ ...data.dataset.opts, train: false });
    const a = await ev.get(0, { epoch: 0, rand: seededRandom(1) });
    const b = await ev.get(0, { epoch: 5, rand: seededRandom(2) });
    expect(Array.from(b.image.data)).toEqual(Array.from(a.image.data));
    expect(a.sentences).toEqual(ev.pairs[0].sentences);
  });

  it('collates to a PriorBatch padded to the longest report', async () => {
    const { dataset, tokenizer } = data;
    const loader = new DataLoader<PretrainingRecord, ReturnType<typeof collatePretraining>>(dataset, {
      batchSize: 4, seed: 3, dropLast: true, collate: (r) => collatePretraining(r, tokenizer.padId),
    });
    const it0 = loader[Symbol.asyncIterator]();
    const host = (await it0.next()).value!;
    await it0.return?.(undefined);
    const batch = toPriorBatch(host, 'cpu');
    const [B, L] = batch.inputIds.shape;
    expect(batch.images.shape).toEqual([4, 1, 64, 64]);
    expect(B).toBe(4);
    const ids = await batch.inputIds.data();
    const mask = await batch.attentionMask.data();
    const sent = await batch.sentenceIndex.data();
    for (let b = 0; b < B; b++) {
      const n = Array.from(mask.subarray(b * L, (b + 1) * L)).filter((m) => m === 1).length;
      for (let t = n; t < L; t++) {
        expect(ids[b * L + t]).toBe(tokenizer.padId);
        expect(sent[b * L + t]).toBe(-1);
      }
      const maxSent = Math.max(...Array.from(sent.subarray(b * L, (b + 1) * L)));
      expect(batch.sentenceCounts[b]).toBe(maxSent + 1);
      expect(host.sentences[b]).toHaveLength(batch.sentenceCounts[b]);
    }
    expect(Math.max(...batch.sentenceCounts)).toBeGreaterThanOrEqual(4);
    disposeBatch(batch);
  });
});
