/**
 * The same losses and masks on the WebGPU backend as on the CPU: float32 results agree
 * within rounding, and seeded masks and Gumbel noise are identical (Philox streams match
 * across backends). Skipped with a message when no adapter exists.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as A from '@prior/autograd';
import { type Backend, Generator, type Tensor, createWebGPUBackend, randn, resolveDevice } from '@prior/tensor';
import { assignPrototypes, clipLoss, gpaLoss, localCrossAttention, maskChannels, maskRegions, matchSentences, prototypeLoss, sentenceInfoNCE, simsiamLoss, spgLoss } from '../src/index.js';
import { maxDiff } from './support.js';

const created = await createWebGPUBackend();
const gpu: Backend | null = 'backend' in created ? created.backend : null;
if (!gpu) console.warn(`[tests] WebGPU suite skipped: ${'reason' in created ? created.reason : 'no adapter'}`);
afterAll(() => gpu?.destroy());

const cpu = resolveDevice('cpu');

/** Runs `f` on inputs drawn identically on each backend; returns the outputs' values. */
async function both(f: (dev: Backend) => Tensor[]): Promise<[number[][], number[][]]> {
  const read = async (dev: Backend) => Promise.all(f(dev).map(async (t) => Array.from(await t.data())));
  return [await read(cpu), await read(gpu!)];
}

const draw = (dev: Backend, shape: number[], seed: number) => randn(shape, { device: dev, generator: new Generator(seed) });

describe.skipIf(!gpu)('losses and masks on WebGPU', () => {
  it('give the CPU values (losses and gradients)', async () => {
    const [c, g] = await both((dev) => {
      const a = draw(dev, [6, 8], 1);
      const b = draw(dev, [6, 8], 2);
      const s = draw(dev, [1], 3);
      const t = draw(dev, [2, 3, 8], 4);
      const i = draw(dev, [2, 5, 8], 5);
      const lam = localCrossAttention({ textQuery: t, textKey: t, textValue: t, imageQuery: i, imageKey: i, imageValue: i }, [3, 2]);
      const E = draw(dev, [7, 8], 6);
      const x = draw(dev, [5, 8], 7);
      const spb = assignPrototypes(x, E, { tau: 0.9, training: true, generator: new Generator(8) });
      const [ga, gE] = A.grad((p: Tensor, e: Tensor) => A.add(clipLoss(p, b, s), prototypeLoss(assignPrototypes(x, e, { tau: 0.9, training: false }).quantized, x)), { argnums: [0, 1] })(a, E) as Tensor[];
      return [
        clipLoss(a, b, s),
        lam.imageContext,
        lam.textAttention,
        sentenceInfoNCE(lam.textContext, t, s, [3, 2]),
        simsiamLoss(i, lam.imageContext, (z) => A.tanh(z)),
        spb.probs,
        prototypeLoss(spb.quantized, x),
        ga,
        gE,
      ];
    });
    c.forEach((cv, k) => expect(maxDiff(cv, g[k]), `output ${k}`).toBeLessThan(1e-4 * Math.max(1, ...cv.map(Math.abs))));
  });

  it('match sentences and reconstruct reports as on the CPU', async () => {
    const run = async (dev: Backend) => {
      const p = draw(dev, [2, 4, 6], 11);
      const t = draw(dev, [2, 3, 6], 12);
      const m = await matchSentences(p, t, [3, 2]);
      const pool = (slots: Tensor) => A.mean(slots, 1);
      return { m, spg: (await spgLoss(p, t, m).data())[0], gpa: (await gpaLoss(p, m, draw(dev, [2, 6], 13), draw(dev, [1], 14), pool).data())[0] };
    };
    const c = await run(cpu);
    const g = await run(gpu!);
    expect(Array.from(g.m.prediction)).toEqual(Array.from(c.m.prediction));
    expect(g.spg).toBeCloseTo(c.spg, 4);
    expect(g.gpa).toBeCloseTo(c.gpa, 4);
  });

  it('draw the same masks from the same seed', async () => {
    const [c, g] = await both((dev) => {
      const x = draw(dev, [3, 16, 8], 20);
      return [maskChannels(x, { p: 0.5, generator: new Generator(21) }).keep, maskRegions(x, { p: 0.5, generator: new Generator(22) }).keep];
    });
    expect(g).toEqual(c);
  });
});
