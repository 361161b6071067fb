/**
 * Stage lengths in optimiser steps. A stage given in epochs lasts epochs × batches per
 * epoch steps (fractions rounded); its warm-up is in the same unit as its length.
 * Stages run back to back over one continuous stream of batches.
 */
import type { StageConfig } from '../config/types.js';
import { TrainingError } from './errors.js';

export interface StagePlan {
  /** 0-based position in config.stages. */
  index: number;
  config: StageConfig;
  steps: number;
  warmupSteps: number;
  /** Global steps taken before this stage starts. */
  startStep: number;
}

export function planStages(stages: readonly StageConfig[], batchesPerEpoch: number): StagePlan[] {
  if (stages.length === 0) throw new TrainingError('planStages: the configuration has no stages');
  const epochs = stages.some((s) => s.epochs !== undefined);
  if (epochs && !(batchesPerEpoch >= 1)) throw new TrainingError(`planStages: stages in epochs need at least one batch per epoch, got ${batchesPerEpoch}`);
  let start = 0;
  return stages.map((config, index) => {
    const unit = config.steps !== undefined ? 1 : batchesPerEpoch;
    const steps = Math.max(1, Math.round((config.steps ?? config.epochs!) * unit));
    const warmupSteps = Math.min(steps, Math.round(config.warmup * unit));
    const plan = { index, config, steps, warmupSteps, startStep: start };
    start += steps;
    return plan;
  });
}
