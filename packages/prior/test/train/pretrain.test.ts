/**
 * The pre-training loop with a small stand-in model (test/train/stand-in.ts): resume
 * determinism across an interruption (mid-stage and at a stage boundary), the NaN stop,
 * metrics lines, the held-out retrieval check per stage, fresh optimisers per stage, and
 * checkpoint robustness to crashes.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Generator } from '@prior/tensor';
import { writeFileAtomic } from '@prior/nn';
import { resolveConfig } from '../../src/config/load.js';
import type { LossWeights, PriorConfig, StageConfig } from '../../src/config/types.js';
import { pretrain, type PretrainOptions } from '../../src/train/pretrain.js';
import { CHECKPOINT_DIR, listCheckpoints, readLatestCheckpoint } from '../../src/train/run-checkpoints.js';
import { HELD_OUT_FILE, type HeldOutLine, MetricsLog } from '../../src/train/metrics-log.js';
import { NonFiniteLossError, TrainingError } from '../../src/train/errors.js';
import { disposeCheckpoint } from '@prior/nn';
import { StandInModel, standInDataset } from './stand-in.js';

const dirs: string[] = [];
async function runDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'prior-train-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const w = (x: Partial<LossWeights>): LossWeights => ({ glob: 0, locImg: 0, locTxt: 0, proto: 0, recImg: 0, spg: 0, kl: 0, gpa: 0, ...x });
const stage = (name: string, steps: number, usePrototypes: boolean, lossWeights: LossWeights, peakLr: number): StageConfig => ({
  name, steps, usePrototypes, lossWeights, peakLr, warmupStartLr: peakLr / 10, finalLr: 0, warmup: 2, weightDecay: 1e-4, gradClip: 1,
});

/** Three 4-step stages, batches of 4 from 18 records (4 batches per epoch, so epochs turn mid-stage). */
function testConfig(): PriorConfig {
  return resolveConfig('tiny', {
    stages: [
      stage('s1', 4, false, w({ glob: 1, locImg: 1, locTxt: 1 }), 1e-2),
      stage('s2', 4, true, w({ glob: 1, locImg: 1, locTxt: 1, proto: 10 }), 1e-2),
      stage('s3', 4, true, w({ glob: 10, proto: 10, locTxt: 1 }), 5e-3),
    ],
    data: { batchSize: 4 },
    run: { seed: 7, checkpointEverySteps: 3, keepCheckpoints: 20, metricsEverySteps: 1 },
  });
}

function setup(dir: string, seed = 1, extra: Partial<PretrainOptions> = {}) {
  const model = new StandInModel(new Generator(seed));
  const opts: PretrainOptions = {
    model, config: testConfig(), dataset: standInDataset(18), padId: 0, runDir: dir,
    generators: { dropout: model.generator }, heldOut: standInDataset(10), ...extra,
  };
  return { model, opts };
}

async function weights(m: StandInModel): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [k, t] of m.stateDict()) out.set(k, (await t.data()) as Float32Array);
  return out;
}

function maxDiff(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  expect([...a.keys()]).toEqual([...b.keys()]);
  let m = 0;
  for (const [k, x] of a) {
    const y = b.get(k)!;
    for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  }
  return m;
}

describe('pretrain', () => {
  let straight: { weights: Map<string, Float32Array>; losses: number[]; dir: string; encodeCalls: (boolean | undefined)[] } | undefined;
  async function straightRun() {
    if (straight) return straight;
    const dir = await runDir();
    const { model, opts } = setup(dir);
    const r = await pretrain(opts);
    expect(r).toMatchObject({ status: 'completed', step: 12, totalSteps: 12 });
    const losses = (await MetricsLog.read(join(dir, 'metrics.jsonl'))).map((l) => l.loss);
    return (straight = { weights: await weights(model), losses, dir, encodeCalls: [...model.encodeCalls] });
  }

  it.each([
    ['mid-stage', 6],
    ['at a stage boundary', 4],
  ])('an interrupted and resumed run reaches the same weights (%s)', async (_, stopAt) => {
    const ref = await straightRun();
    const dir = await runDir();
    const ctrl = new AbortController();
    const first = setup(dir, 1, { signal: ctrl.signal, onProgress: (p) => p.step === stopAt && ctrl.abort() });
    const r1 = await pretrain(first.opts);
    expect(r1.status).toBe('aborted');
    expect(r1.step).toBe(stopAt);
    expect(r1.checkpoint).toMatch(new RegExp(`step-0+${stopAt}\\.safetensors$`));
    // A fresh process: another initialisation, everything comes from the checkpoint.
    const second = setup(dir, 99, { resume: true });
    const r2 = await pretrain(second.opts);
    expect(r2).toMatchObject({ status: 'completed', step: 12 });
    expect(maxDiff(await weights(second.model), ref.weights)).toBeLessThan(1e-6);
    const losses = (await MetricsLog.read(join(dir, 'metrics.jsonl'))).map((l) => l.loss);
    expect(losses).toHaveLength(12);
    losses.forEach((l, i) => expect(l).toBeCloseTo(ref.losses[i], 5));
    // The held-out checks read as one run too: one line per stage, the same numbers.
    expect(await MetricsLog.read(join(dir, HELD_OUT_FILE))).toEqual(await MetricsLog.read(join(ref.dir, HELD_OUT_FILE)));
  });

  it('checks retrieval on the held-out pairs at the end of every stage, through the bank only once it is trained', async () => {
    const ref = await straightRun();
    const lines = await MetricsLog.read<HeldOutLine>(join(ref.dir, HELD_OUT_FILE));
    expect(lines.map((l) => [l.step, l.stage, l.stageName, l.n])).toEqual([[4, 1, 's1', 10], [8, 2, 's2', 10], [12, 3, 's3', 10]]);
    for (const l of lines) {
      expect(l.top1).toBeGreaterThanOrEqual(0);
      expect(l.top5).toBeGreaterThanOrEqual(l.top1);
      expect(l).toMatchObject({ chanceTop1: 0.1, chanceTop5: 0.5 });
    }
    expect(ref.encodeCalls).toEqual([false, true, true]);
  });

  it('never asks a model built without the bank to use it (the global-only ablation)', async () => {
    const { model, opts } = setup(await runDir());
    const config = resolveConfig(opts.config, { model: { ablation: { localAlignment: false, prototypes: false, imageReconstruction: false, reportReconstruction: false } } });
    expect((await pretrain({ ...opts, config })).status).toBe('completed');
    expect(model.encodeCalls).toEqual([false, false, false]);
  });

  it('writes every active term, lr, temperatures and prototype usage per step; each stage restarts warm-up', async () => {
    const ref = await straightRun();
    const lines = await MetricsLog.read(join(ref.dir, 'metrics.jsonl'));
    expect(lines.map((l) => l.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const cfg = testConfig();
    for (const l of lines) {
      const s = cfg.stages[l.stage - 1];
      const active = Object.entries(s.lossWeights).filter(([, v]) => v > 0).map(([k]) => k).sort();
      expect(Object.keys(l.terms).sort()).toEqual(active);
      for (const v of Object.values(l.terms)) expect(Number.isFinite(v)).toBe(true);
      expect(Object.keys(l.temperatures).sort()).toEqual(['localLogitScale', 'logitScale']);
      expect(l.imagesPerSec).toBeGreaterThan(0);
      expect(l.gradNorm).toBeGreaterThanOrEqual(0);
      if (s.usePrototypes) expect(l.protoUsage).toBe(1);
      else expect(l.protoUsage).toBeUndefined();
    }
    // Read after the first update: near the initial 1/τ = 10.
    expect(lines[0].temperatures.logitScale).toBeCloseTo(10, 1);
    // A fresh schedule per stage: the first step of each runs at warmupStartLr, then climbs.
    for (const [i, first] of [[0, 0], [1, 4], [2, 8]] as const) {
      expect(lines[first].stage).toBe(i + 1);
      expect(lines[first].lr).toBeCloseTo(cfg.stages[i].warmupStartLr, 12);
      expect(lines[first + 1].lr).toBeGreaterThan(lines[first].lr);
      expect(lines[first + 2].lr).toBeCloseTo(cfg.stages[i].peakLr, 12);
    }
  });

  it('trains only the parameters of the stage (stage 1 leaves the prototype bank untouched)', async () => {
    const dir = await runDir();
    const { model, opts } = setup(dir);
    const before = await model.prototypes.value.data();
    const ctrl = new AbortController();
    await pretrain({ ...opts, signal: ctrl.signal, onProgress: (p) => p.step === 4 && ctrl.abort() });
    expect(Array.from(await model.prototypes.value.data())).toEqual(Array.from(before));
    const img = await model.image.weight.value.data();
    expect(Array.from(img)).not.toEqual(Array.from((await weights(new StandInModel(new Generator(1)))).get('image.weight')!));
  });

  it('stops at a NaN loss term, naming the term and step, and keeps the last good checkpoint', async () => {
    const dir = await runDir();
    const { model, opts } = setup(dir);
    model.nanAt = { term: 'locTxt', call: 6 };
    const err = await pretrain(opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteLossError);
    const e = err as NonFiniteLossError;
    expect(e.message).toContain("'locTxt'");
    expect(e.message).toContain('step 6');
    expect(e.term).toBe('locTxt');
    expect(e.step).toBe(6);
    // Checkpoints at step 3 (every 3) and 4 (the stage boundary).
    expect(e.lastCheckpoint).toMatch(/step-00000004\.safetensors$/);
    // Steps 1–5 were logged, step 6 was not.
    expect((await MetricsLog.read(join(dir, 'metrics.jsonl'))).map((l) => l.step)).toEqual([1, 2, 3, 4, 5]);
    const latest = await readLatestCheckpoint(dir);
    expect(latest?.state.step).toBe(4);
    for (const t of latest!.checkpoint.model.values()) for (const v of await t.data()) expect(Number.isFinite(v)).toBe(true);
    const fresh = new StandInModel(new Generator(5));
    fresh.loadStateDict(latest!.checkpoint.model);
    disposeCheckpoint(latest!.checkpoint);
    // And the run resumes from it.
    const again = setup(dir, 3, { resume: true });
    expect((await pretrain(again.opts)).status).toBe('completed');
  });

  it('leaves no partial checkpoint when a write dies midway, and resumes from the previous one', async () => {
    const ref = await straightRun();
    const dir = await runDir();
    let writes = 0;
    // The second checkpoint write "crashes" after half its bytes reached a temporary file.
    const dying = async (path: string, bytes: Uint8Array) => {
      if (++writes === 2) {
        const tmp = join(dir, CHECKPOINT_DIR, `.${path.split('/').pop()}.4242.abc.tmp`);
        await writeFile(tmp, bytes.subarray(0, bytes.length >> 1));
        throw new Error('simulated crash while writing');
      }
      await writeFileAtomic(path, bytes);
    };
    const { opts } = setup(dir, 1, { writeFile: dying });
    await expect(pretrain(opts)).rejects.toThrow('simulated crash');
    // Written: step 3; step 4 (the stage boundary) died. Only complete files carry a final name.
    expect((await listCheckpoints(dir)).map((c) => c.step)).toEqual([3]);
    expect((await readdir(join(dir, CHECKPOINT_DIR))).filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
    // A newer file that does not parse (e.g. copied in truncated) is skipped too.
    await writeFile(join(dir, CHECKPOINT_DIR, 'step-00000004.safetensors'), new Uint8Array([1, 2, 3]));
    const second = setup(dir, 42, { resume: true });
    expect((await pretrain(second.opts)).status).toBe('completed');
    expect(maxDiff(await weights(second.model), ref.weights)).toBeLessThan(1e-6);
  });

  it('refuses to start over a run directory that has checkpoints', async () => {
    const ref = await straightRun();
    const { opts } = setup(ref.dir);
    await expect(pretrain(opts)).rejects.toThrow(TrainingError);
    // Resuming a finished run does nothing.
    const done = await pretrain({ ...opts, resume: true });
    expect(done).toMatchObject({ status: 'completed', step: 12 });
  });
});
