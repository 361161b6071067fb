/**
 * Segmentation end to end on a tiny SynthCXR (SIIM and RSNA layouts written to memory)
 * with a tiny random encoder: loaders, splits, label fractions, seeds, both encoder modes,
 * results and overlays. Plumbing only: the scores of a random encoder mean nothing.
 */
import { describe, expect, it } from 'vitest';
import { Generator } from '@prior/tensor';
import { decodePng, memoryStore, writeRsna, writeSiim } from '@prior/datasets';
import { resizeMask, resultsToJson, rsnaSegmentation, runSegmentation, siimSegmentation } from '../../../src/index.js';
import { tinyEncoder } from '../../heads/encoders.js';

// SynthCXR writes 64 px at least; the images are resized to 32 px to keep the test cheap.
const pre = { size: 32, channels: 1, mean: 0.5, std: 0.25 };

describe('segmentation pipeline', () => {
  it('SIIM masks: splits, fractions, seeds, results and overlays (frozen encoder)', async () => {
    const store = memoryStore();
    const truth = await writeSiim(store, { seed: 5, count: 20, size: 64, positiveFraction: 0.5 });
    const data = await siimSegmentation(store, pre);
    expect(data.train.length + data.val.length + data.test.length).toBe(20);
    const byId = new Map(truth.map((t) => [t.imageId, t.mask]));
    const anyPositive = [...data.train, ...data.val, ...data.test].find((m) => m.mask.some((v) => v));
    expect(anyPositive && Array.from(anyPositive.mask)).toEqual(Array.from(resizeMask(byId.get(anyPositive!.id)!, 64, 64, 32, 32)));
    const seen: string[] = [];
    const run = await runSegmentation(data, tinyEncoder([4, 8], new Generator(0)), {
      fractions: [0.1, 1],
      seeds: [0, 1],
      stepsPerRound: 2,
      maxRounds: 2,
      batchSize: 4,
      bootstrap: { resamples: 10 },
      overlayImages: 2,
      device: 'cpu',
      onSeed: (f, s) => seen.push(`${f}/${s}`),
    });
    expect(seen).toEqual(['0.1/0', '0.1/1', '1/0', '1/1']);
    expect(run.results.map((r) => [r.task, r.dataset, r.labelFraction, r.seeds])).toEqual([['segmentation', 'SIIM', 0.1, [0, 1]], ['segmentation', 'SIIM', 1, [0, 1]]]);
    const r = run.results[1];
    for (const k of ['dice', 'iou', 'dice/image', 'iou/image']) expect(r.aggregate[k].mean).toBeGreaterThanOrEqual(0);
    expect(r.perSeed[0].metrics.trainExamples).toBe(data.train.length);
    expect(run.results[0].perSeed[0].metrics.trainExamples).toBeLessThan(data.train.length);
    expect(r.perSeed[0].intervals?.dice.lower).toBeLessThanOrEqual(r.perSeed[0].intervals!.dice.upper);
    expect(() => JSON.parse(resultsToJson(r))).not.toThrow();
    expect(run.overlays.map((o) => o.name)).toEqual(['segmentation-SIIM-tiny-random-frac0.1.png', 'segmentation-SIIM-tiny-random-frac1.png']);
    const png = decodePng(run.overlays[0].png, 'overlay.png');
    expect(png.width).toBeGreaterThan(2 * 32);
  });

  it('RSNA opacity masks from boxes, fine-tuned encoder restored after the run', async () => {
    const store = memoryStore();
    await writeRsna(store, { seed: 6, count: 16, size: 64, positiveFraction: 0.6 });
    const data = await rsnaSegmentation(store, pre);
    const positives = [...data.train, ...data.val, ...data.test].filter((m) => m.mask.some((v) => v));
    expect(positives.length).toBeGreaterThan(0);
    const enc = tinyEncoder([4, 8], new Generator(1));
    const before = await enc.imageParameters()[0].value.data();
    const run = await runSegmentation(data, enc, { fractions: [1], seeds: [0], mode: 'fine-tune', stepsPerRound: 2, maxRounds: 1, batchSize: 4, overlayImages: 0, bootstrap: { resamples: 0 }, device: 'cpu' });
    expect(run.results[0].config).toMatchObject({ mode: 'fine-tune' });
    expect(run.overlays).toEqual([]);
    expect(Array.from(await enc.imageParameters()[0].value.data())).toEqual(Array.from(before));
  });
});
