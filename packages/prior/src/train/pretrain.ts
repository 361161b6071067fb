/**
 * The staged pre-training loop (shared/PRIOR.md §3). Each stage from the configuration
 * gets a fresh AdamW over `model.parametersForStage(stage)` and a fresh warm-up + cosine
 * schedule, stepped per iteration; gradients are clipped to the stage's norm. Every step
 * is checked for NaN/Inf before the weights change, logged as a JSON line, and reported
 * to `onProgress`. Checkpoints (model, optimiser, schedule, random generators, data
 * position, stage and step) are written every `run.checkpointEverySteps` steps, at each
 * stage boundary and when `signal` aborts; `resume` continues from the newest one so that
 * an interrupted run ends with the same weights as an uninterrupted one.
 *
 * The loop is backend-agnostic: the model's parameters decide the device, and batches
 * are made on it.
 */
import { backward, releaseGraph } from '@prior/autograd';
import { DataLoader, type Dataset } from '@prior/datasets';
import { type Checkpoint, type Module, type Parameter, clipGradNorm, disposeCheckpoint } from '@prior/nn';
import { type Backend, Generator, scope } from '@prior/tensor';
import { usesPrototypes } from '../config/derived.js';
import { configToJSON } from '../config/load.js';
import type { PriorConfig } from '../config/types.js';
import { type HostBatch, disposeBatch, pretrainingCollate, toPriorBatch } from '../data/collate.js';
import type { PretrainingRecord } from '../data/record.js';
import type { PriorModelApi } from '../model/types.js';
import { NonFiniteLossError, TrainingError } from './errors.js';
import { HELD_OUT_FILE, type HeldOutLine, type MetricsLine, MetricsLog } from './metrics-log.js';
import { type EncodingModel, retrievalCheck } from './retrieval-check.js';
import { type GeneratorState, type TrainingState, type WriteFile, listCheckpoints, pruneCheckpoints, readLatestCheckpoint, saveTrainingCheckpoint } from './run-checkpoints.js';
import { type StageOptimizer, createStageOptimizer } from './stage-optimizer.js';
import { type StagePlan, planStages } from './stage-plan.js';
import { readTemperatures } from './temperatures.js';

/** What the loop needs of a model: PriorModel satisfies it. */
export type TrainableModel = Module & Pick<PriorModelApi, 'trainStep' | 'parametersForStage'>;

export interface Progress {
  /** Optimiser steps taken over the run, and the run's total. */
  step: number;
  totalSteps: number;
  /** 1-based stage number, its name, and the steps taken in it of its total. */
  stage: number;
  stageName: string;
  stageStep: number;
  stageSteps: number;
  loss: number;
  imagesPerSec: number;
  /** Seconds left at the recent pace. */
  etaSeconds: number;
}

export interface PretrainOptions {
  model: TrainableModel;
  config: PriorConfig;
  /** Training records (PretrainingDataset, or any dataset of the same records). */
  dataset: Dataset<PretrainingRecord>;
  /** Pad id of the tokenizer that made the records' ids. */
  padId: number;
  /** Checkpoints go to `<runDir>/checkpoints`, metrics to `<runDir>/metrics.jsonl`. */
  runDir: string;
  /** Continue from the newest checkpoint in runDir (a fresh start when there is none). */
  resume?: boolean;
  /** Source of the model's per-step randomness (Gumbel noise, masks); default seeded from run.seed. */
  generator?: Generator;
  /** Further generators whose positions are checkpointed (e.g. the model's dropout generator). */
  generators?: Record<string, Generator>;
  /** Stops the run after the current step, writing a checkpoint first. */
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  onMetrics?: (m: MetricsLine) => void;
  /** Batches loaded ahead (default 2). */
  prefetch?: number;
  /** How checkpoint bytes reach the disk (default: nn's atomic write); a seam for crash tests. */
  writeFile?: WriteFile;
  /**
   * Held-out pairs for a frozen-encoder retrieval check at the end of every stage
   * (`<runDir>/heldout.jsonl`, and `onHeldOut`); the model must then have the encode API.
   */
  heldOut?: Dataset<PretrainingRecord>;
  onHeldOut?: (line: HeldOutLine) => void;
}

export interface PretrainResult {
  status: 'completed' | 'aborted';
  /** Optimiser steps taken over the run. */
  step: number;
  totalSteps: number;
  /** The newest checkpoint written (or resumed from). */
  checkpoint: string | null;
  /** The stage lengths as run. */
  stages: StagePlan[];
}

/** The trainer's own stream, apart from the model's initialisation stream of the same seed. */
export const trainingGenerator = (seed: number): Generator => new Generator(BigInt.asUintN(64, BigInt(seed) ^ 0x7261696e696e67n));

const TRAINER_GENERATOR = 'trainer';

/** Runs (or resumes) pre-training through every stage of the configuration. */
export async function pretrain(o: PretrainOptions): Promise<PretrainResult> {
  const { model, config } = o;
  const device = deviceOf(model);
  const loader = new DataLoader<PretrainingRecord, HostBatch>(o.dataset, {
    batchSize: config.data.batchSize,
    shuffle: true,
    seed: config.run.seed,
    // Contrastive losses want full batches, and fixed-size batches keep steps per epoch constant.
    dropLast: true,
    prefetch: o.prefetch ?? 2,
    collate: pretrainingCollate({ padId: o.padId }),
  });
  if (loader.batchesPerEpoch < 1) {
    throw new TrainingError(`pretrain: the dataset has ${o.dataset.length} pairs, fewer than one batch of ${config.data.batchSize}`);
  }
  const plans = planStages(config.stages, loader.batchesPerEpoch);
  const totalSteps = plans.reduce((n, p) => n + p.steps, 0);
  const generator = o.generator ?? trainingGenerator(config.run.seed);
  const generators: Record<string, Generator> = { ...o.generators, [TRAINER_GENERATOR]: generator };
  const configJson = configToJSON(config);
  const write = o.writeFile;

  // Where to start: the newest checkpoint, or the beginning.
  let step = 0;
  let stageIndex = 0;
  let stageStep = 0;
  let lastCheckpoint: string | null = null;
  let savedStep = -1;
  // A checkpoint taken mid-stage, whose optimiser and schedule the stage continues with.
  let resumeOptimizer: Checkpoint | null = null;
  if (o.resume) {
    const latest = await readLatestCheckpoint(o.runDir, device);
    if (latest) {
      const s = latest.state;
      try {
        for (const [name, g] of Object.entries(generators)) {
          const gs = s.generators[name];
          if (!gs) throw new TrainingError(`pretrain: ${latest.path} holds no state for the '${name}' generator`);
          g.setState(gs);
        }
        loader.restore(s.loader);
        model.loadStateDict(latest.checkpoint.model);
      } catch (e) {
        disposeCheckpoint(latest.checkpoint);
        throw e;
      }
      ({ step, stageIndex, stageStep } = s);
      lastCheckpoint = latest.path;
      savedStep = step;
      if (stageIndex < plans.length && stageStep < plans[stageIndex].steps) resumeOptimizer = latest.checkpoint;
      else disposeCheckpoint(latest.checkpoint);
    }
  } else if ((await listCheckpoints(o.runDir)).length > 0) {
    throw new TrainingError(`pretrain: ${o.runDir} already holds checkpoints; resume from them or use another run directory`);
  }
  const metrics = await MetricsLog.open(o.runDir, lastCheckpoint ? step : undefined);
  const heldOut = o.heldOut ? await MetricsLog.open<HeldOutLine>(o.runDir, lastCheckpoint ? step : undefined, HELD_OUT_FILE) : null;
  if (o.heldOut && !('encodeImage' in model && 'encodeReport' in model)) throw new TrainingError('pretrain: heldOut needs a model with encodeImage and encodeReport');

  let batches = loader[Symbol.asyncIterator]();
  const nextBatch = async (): Promise<HostBatch> => {
    for (;;) {
      const r = await batches.next();
      if (!r.done) return r.value;
      batches = loader[Symbol.asyncIterator](); // the next epoch
    }
  };

  let current: StageOptimizer | null = null;
  const save = async (): Promise<string> => {
    const state: TrainingState = { step, stageIndex, stageStep, generators: generatorStates(generators), loader: loader.state() };
    const path = await saveTrainingCheckpoint(o.runDir, { model, optimizer: current!.optimizer, scheduler: current!.scheduler, state, configJson }, write);
    await pruneCheckpoints(o.runDir, config.run.keepCheckpoints);
    savedStep = step;
    return (lastCheckpoint = path);
  };

  let secPerStep: number | null = null;
  try {
    for (; stageIndex < plans.length; stageIndex++, stageStep = 0) {
      const plan = plans[stageIndex];
      const stage = plan.config;
      if (stageStep >= plan.steps) continue; // resumed at this stage's boundary
      model.train();
      current?.optimizer.dispose();
      current = createStageOptimizer(model.parametersForStage(stage), plan);
      if (resumeOptimizer) {
        // Resumed mid-stage: the optimiser and schedule continue where they were.
        const c = resumeOptimizer;
        resumeOptimizer = null;
        try {
          if (!c.optimizer || !c.scheduler) throw new TrainingError(`pretrain: ${lastCheckpoint} holds no optimiser or schedule state`);
          current.optimizer.loadStateDict(c.optimizer);
          current.scheduler.loadStateDict(c.scheduler);
        } finally {
          disposeCheckpoint(c);
        }
      }
      while (stageStep < plan.steps) {
        if (o.signal?.aborted) {
          if (savedStep !== step) await save();
          return { status: 'aborted', step, totalSteps, checkpoint: lastCheckpoint, stages: plans };
        }
        const t0 = performance.now();
        const withStats = (step + 1) % config.run.metricsEverySteps === 0;
        const host = await nextBatch();
        const epoch = loader.state().epoch;
        const r = await trainOneStep(model, current, host, device, generator, plan, withStats, step + 1, () => lastCheckpoint);
        step++;
        stageStep++;
        const seconds = (performance.now() - t0) / 1000;
        secPerStep = secPerStep === null ? seconds : 0.9 * secPerStep + 0.1 * seconds;
        const imagesPerSec = host.imageShape[0] / seconds;
        if (withStats) {
          const line: MetricsLine = {
            step,
            stage: stageIndex + 1,
            stageName: stage.name,
            epoch,
            loss: r.loss,
            terms: r.terms,
            lr: r.lr,
            ...(r.gradNorm !== undefined ? { gradNorm: r.gradNorm } : {}),
            temperatures: await readTemperatures(model),
            ...(r.protoUsage !== undefined ? { protoUsage: r.protoUsage, protoPerplexity: r.protoPerplexity } : {}),
            imagesPerSec,
          };
          await metrics.append(line);
          o.onMetrics?.(line);
        }
        o.onProgress?.({
          step,
          totalSteps,
          stage: stageIndex + 1,
          stageName: stage.name,
          stageStep,
          stageSteps: plan.steps,
          loss: r.loss,
          imagesPerSec,
          etaSeconds: (totalSteps - step) * secPerStep,
        });
        const every = config.run.checkpointEverySteps;
        if (stageStep === plan.steps || (every > 0 && step % every === 0)) await save();
      }
      if (heldOut && o.heldOut) {
        // Reports go through the bank only once a stage has trained it (never without one).
        const r = await retrievalCheck(model as unknown as EncodingModel, o.heldOut, { padId: o.padId, device, usePrototypes: usesPrototypes(config, stage) });
        const line: HeldOutLine = { step, stage: stageIndex + 1, stageName: stage.name, ...r };
        await heldOut.append(line);
        o.onHeldOut?.(line);
      }
    }
    return { status: 'completed', step, totalSteps, checkpoint: lastCheckpoint, stages: plans };
  } finally {
    await batches.return?.(undefined);
    current?.optimizer.dispose();
    if (resumeOptimizer) disposeCheckpoint(resumeOptimizer);
  }
}

interface StepResult {
  loss: number;
  terms: Record<string, number>;
  lr: number;
  gradNorm?: number;
  protoUsage?: number;
  protoPerplexity?: number;
}

/**
 * One optimiser step: forward, the finiteness check (before anything changes), backward,
 * clipping, the update and the schedule. Every tensor made here is freed on return.
 */
async function trainOneStep(
  model: TrainableModel,
  s: StageOptimizer,
  host: HostBatch,
  device: Backend,
  generator: Generator,
  plan: StagePlan,
  withStats: boolean,
  stepNo: number,
  lastCheckpoint: () => string | null,
): Promise<StepResult> {
  return scope(async () => {
    const batch = toPriorBatch(host, device);
    try {
      model.zeroGrad();
      const out = await model.trainStep(batch, plan.config, { generator, stats: withStats });
      const names = Object.keys(out.terms) as (keyof typeof out.terms)[];
      const values = await Promise.all([...names.map((n) => out.terms[n]!), out.total].map(async (t) => (await t.data())[0]));
      const terms: Record<string, number> = {};
      names.forEach((n, i) => (terms[n] = values[i]));
      const loss = values[values.length - 1];
      const bad = names.findIndex((_, i) => !Number.isFinite(values[i]));
      if (bad >= 0 || !Number.isFinite(loss)) {
        releaseGraph(out.total);
        const term = bad >= 0 ? names[bad] : 'total';
        throw new NonFiniteLossError(term, stepNo, bad >= 0 ? values[bad] : loss, lastCheckpoint());
      }
      backward(out.total);
      let gradNorm: number | undefined;
      const clip = plan.config.gradClip;
      if (clip > 0) {
        gradNorm = (await clipGradNorm(trainable(s.params), clip).data())[0];
        if (!Number.isFinite(gradNorm)) throw new NonFiniteLossError('gradNorm', stepNo, gradNorm, lastCheckpoint());
      }
      const lr = s.optimizer.paramGroups[0].lr;
      s.optimizer.step();
      s.scheduler.iterationEnd();
      return { loss, terms, lr, gradNorm, protoUsage: out.stats.protoUsage, protoPerplexity: out.stats.protoPerplexity };
    } finally {
      model.zeroGrad();
      disposeBatch(batch);
    }
  });
}

const trainable = (ps: Parameter[]): Parameter[] => ps.filter((p) => p.grad !== null);

function generatorStates(gs: Record<string, Generator>): Record<string, GeneratorState> {
  return Object.fromEntries(Object.entries(gs).map(([k, g]) => [k, g.getState()]));
}

function deviceOf(model: Module): Backend {
  const p = model.parameters()[0];
  if (!p) throw new TrainingError('pretrain: the model has no parameters');
  return p.value.backend;
}

