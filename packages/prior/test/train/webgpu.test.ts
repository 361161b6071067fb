/**
 * The same loop on WebGPU: a run on the GPU matches the CPU run from the same weights, and
 * an interrupted + resumed GPU run matches an uninterrupted one. Skipped with a message
 * locally when no adapter exists; under CI=true a missing adapter fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Backend, Generator, createWebGPUBackend, resolveDevice } from '@prior/tensor';
import { resolveConfig } from '../../src/config/load.js';
import type { LossWeights, StageConfig } from '../../src/config/types.js';
import { pretrain } from '../../src/train/pretrain.js';
import { StandInModel, standInDataset } from './stand-in.js';

async function webgpu(): Promise<Backend | null> {
  const r = await createWebGPUBackend();
  if ('backend' in r) return r.backend;
  if (process.env.CI === 'true') throw new Error(`CI=true but no WebGPU adapter: ${r.reason}`);
  console.warn(`[tests] WebGPU training-loop suite skipped: ${r.reason}`);
  return null;
}
const gpu = await webgpu();
const dirs: string[] = [];
afterAll(async () => {
  gpu?.destroy();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const w = (x: Partial<LossWeights>): LossWeights => ({ glob: 0, locImg: 0, locTxt: 0, proto: 0, recImg: 0, spg: 0, kl: 0, gpa: 0, ...x });
const stage = (name: string, usePrototypes: boolean, lossWeights: LossWeights): StageConfig => ({
  name, steps: 2, usePrototypes, lossWeights, peakLr: 1e-2, warmupStartLr: 1e-3, finalLr: 0, warmup: 1, weightDecay: 1e-4, gradClip: 1,
});
const config = resolveConfig('tiny', {
  stages: [stage('s1', false, w({ glob: 1, locImg: 1, locTxt: 1 })), stage('s2', true, w({ glob: 1, proto: 10 })), stage('s3', true, w({ glob: 10, proto: 10 }))],
  data: { batchSize: 4 },
  run: { seed: 7, checkpointEverySteps: 0, keepCheckpoints: 5, metricsEverySteps: 1 },
});

async function run(device: Backend, stopAt?: number): Promise<Float32Array[]> {
  const dir = await mkdtemp(join(tmpdir(), 'prior-train-gpu-'));
  dirs.push(dir);
  const reference = new StandInModel(new Generator(1), resolveDevice('cpu'));
  const go = async (resume: boolean, signal?: AbortController) => {
    const model = new StandInModel(new Generator(1), device);
    model.loadStateDict(new Map(await Promise.all([...reference.stateDict()].map(async ([k, v]) => [k, await v.to(device)] as const))));
    await pretrain({
      model, config, dataset: standInDataset(10), padId: 0, runDir: dir, resume, generators: { dropout: model.generator },
      signal: signal?.signal, onProgress: (p) => signal && p.step === stopAt && signal.abort(),
    });
    return model;
  };
  let model = await go(false, stopAt ? new AbortController() : undefined);
  if (stopAt) model = await go(true);
  return Promise.all([...model.stateDict().values()].map(async (t) => Float32Array.from(await t.data())));
}

const maxDiff = (a: Float32Array[], b: Float32Array[]) => Math.max(...a.map((x, i) => Math.max(...x.map((v, j) => Math.abs(v - b[i][j])))));

describe.skipIf(!gpu)('pretrain on WebGPU', () => {
  it('matches the CPU run, and resumes to the same weights', async () => {
    const onGpu = await run(gpu!);
    expect(maxDiff(onGpu, await run(resolveDevice('cpu')))).toBeLessThan(1e-3);
    expect(maxDiff(await run(gpu!, 3), onGpu)).toBeLessThan(1e-5);
  });
});
