/**
 * Detection end to end on a tiny SynthCXR RSNA set with a tiny random encoder: loader,
 * box scaling, splits, fractions, seeds, both encoder modes, results and pictures.
 * Plumbing only: the scores of a random encoder mean nothing.
 */
import { describe, expect, it } from 'vitest';
import { Generator } from '@prior/tensor';
import { decodePng, memoryStore, writeRsna } from '@prior/datasets';
import { rsnaDetection, runDetection } from '../../../src/index.js';
import { tinyEncoder } from '../../heads/encoders.js';

describe('detection pipeline', () => {
  it('RSNA boxes: scaled boxes, fractions, seeds, both modes, results and pictures', async () => {
    const store = memoryStore();
    const truth = await writeRsna(store, { seed: 7, count: 20, size: 64, positiveFraction: 0.6 });
    const pre = { size: 32, channels: 1, mean: 0.5, std: 0.25 };
    const data = await rsnaDetection(store, pre);
    const all = [...data.train, ...data.val, ...data.test];
    expect(all).toHaveLength(20);
    const t = truth.find((x) => x.boxes.length > 0)!;
    expect(all.find((m) => m.id === t.patientId)!.boxes).toEqual(t.boxes.map((b) => ({ x: b.x / 2, y: b.y / 2, width: b.width / 2, height: b.height / 2 })));
    const enc = tinyEncoder([4, 8], new Generator(2));
    const seen: string[] = [];
    const frozen = await runDetection(data, enc, { fractions: [0.1, 1], seeds: [0, 1], stepsPerRound: 2, maxRounds: 2, batchSize: 4, width: 8, bootstrap: { resamples: 5 }, pictureImages: 2, device: 'cpu', onSeed: (f, s) => seen.push(`${f}/${s}`) });
    expect(seen).toEqual(['0.1/0', '0.1/1', '1/0', '1/1']);
    expect(frozen.results.map((r) => [r.task, r.dataset, r.labelFraction, r.primaryMetric])).toEqual([['detection', 'RSNA', 0.1, 'map'], ['detection', 'RSNA', 1, 'map']]);
    for (const r of frozen.results) for (const k of ['map', 'ap50', 'ap75']) expect(r.aggregate[k].mean).toBeGreaterThanOrEqual(0);
    expect(frozen.pictures.map((p) => p.name)).toEqual(['detection-RSNA-tiny-random-frac0.1.png', 'detection-RSNA-tiny-random-frac1.png']);
    expect(decodePng(frozen.pictures[1].png, 'detection.png').height).toBeGreaterThan(32);
    // Fine-tuning a Method: a fresh encoder for every (fraction, seed).
    const created: number[] = [];
    const method = { name: 'tiny-method', create: (seed: number) => (created.push(seed), tinyEncoder([4, 8], new Generator(100 + seed))) };
    const tuned = await runDetection(data, method, { fractions: [0.5, 1], seeds: [3, 4], mode: 'fine-tune', stepsPerRound: 2, maxRounds: 1, batchSize: 4, width: 8, bootstrap: { resamples: 0 }, pictureImages: 0, device: 'cpu' });
    expect(created).toEqual([3, 4, 3, 4]);
    expect(tuned.results[1].perSeed[0].metrics.steps).toBe(2);
    expect(tuned.results[1].method).toBe('tiny-method');
    expect(tuned.results[1].notes?.[0]).toMatch(/fine-tune \(batch-norm statistics frozen\)/);
  });
});
