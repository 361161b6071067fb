/**
 * The optimiser and schedule of one stage, created fresh at its start as in the
 * reference: AdamW over the parameters the stage trains, lr from warmupStartLr rising
 * linearly to peakLr over the warm-up, then cosine decay to finalLr at the stage's end,
 * stepped per iteration.
 */
import { AdamW, type Parameter, WarmupCosineLR } from '@prior/nn';
import type { StagePlan } from './stage-plan.js';

export interface StageOptimizer {
  optimizer: AdamW;
  scheduler: WarmupCosineLR;
  /** The parameters the stage trains (what gradient clipping sees). */
  params: Parameter[];
}

export function createStageOptimizer(params: Parameter[], plan: StagePlan): StageOptimizer {
  const s = plan.config;
  const optimizer = new AdamW(params, { lr: s.peakLr, weightDecay: s.weightDecay });
  const scheduler = new WarmupCosineLR(optimizer, {
    warmupSteps: plan.warmupSteps,
    totalSteps: plan.steps,
    warmupStartFactor: s.peakLr > 0 ? Math.min(1, s.warmupStartLr / s.peakLr) : 1,
    minLr: s.finalLr,
  });
  return { optimizer, scheduler, params };
}
