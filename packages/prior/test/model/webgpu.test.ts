/**
 * trainStep and backward on the WebGPU backend: a small model built on the GPU runs all
 * three stages, every loss term is finite and matches the CPU run of the same weights
 * and batch, and gradients reach the stage's parameters. Skipped with a message locally
 * when no adapter exists; under CI=true a missing adapter fails.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as A from '@prior/autograd';
import { type Backend, Generator, createWebGPUBackend } from '@prior/tensor';
import { PriorModel, resolveConfig } from '../../src/index.js';
import { absSum, cpu, makeBatch, smallConfig } from './support.js';

async function webgpu(): Promise<Backend | null> {
  const r = await createWebGPUBackend();
  if ('backend' in r) return r.backend;
  if (process.env.CI === 'true') throw new Error(`CI=true but no WebGPU adapter: ${r.reason}`);
  console.warn(`[tests] WebGPU model suite skipped: ${r.reason}`);
  return null;
}
const gpu = await webgpu();
afterAll(() => gpu?.destroy());

describe.skipIf(!gpu)('PriorModel on WebGPU', () => {
  // No dropout: the CPU and GPU runs then compute the same function of the same weights.
  const config = resolveConfig(smallConfig(), { model: { textEncoder: { dropout: 0 }, reportDecoder: { dropout: 0 } } });

  it('trains every stage as on the CPU', async () => {
    const onCpu = new PriorModel(config, { device: cpu, generator: new Generator(1) });
    const onGpu = new PriorModel(config, { device: gpu!, generator: new Generator(1) });
    onGpu.loadStateDict(new Map(await Promise.all([...onCpu.stateDict()].map(async ([k, v]) => [k, await v.to(gpu!)] as const))));
    for (const stage of config.stages) {
      const run = async (model: PriorModel, dev: Backend) => {
        model.zeroGrad();
        const r = await model.trainStep(makeBatch(config, [3, 2], 2, dev), stage, { generator: new Generator(3) });
        A.backward(r.total);
        const terms = Object.fromEntries(await Promise.all(Object.entries(r.terms).map(async ([k, t]) => [k, (await t!.data())[0]] as const)));
        return { terms, grads: await Promise.all(model.parametersForStage(stage).map((p) => absSum(p.grad))) };
      };
      const c = await run(onCpu, cpu);
      const g = await run(onGpu, gpu!);
      expect(Object.keys(g.terms)).toEqual(Object.keys(c.terms));
      for (const [k, v] of Object.entries(c.terms)) {
        expect(Number.isFinite(g.terms[k]), `${stage.name} ${k}`).toBe(true);
        expect(Math.abs(g.terms[k] - v), `${stage.name} ${k}: gpu ${g.terms[k]} cpu ${v}`).toBeLessThan(2e-3 * Math.max(1, Math.abs(v)));
      }
      g.grads.forEach((s, i) => expect(s, `${stage.name} parameter ${i}`).toBeGreaterThan(0));
    }
  });
});
