/** torch.optim.lr_scheduler.StepLR: base · γ^⌊t / stepSize⌋. */
import type { Optimizer } from '../optim/index.js';
import { LRScheduler, type SchedulerOptions, checkCount } from './scheduler.js';

export interface StepLROptions extends SchedulerOptions {
  stepSize: number;
  /** Decay factor (default 0.1). */
  gamma?: number;
}

export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer<{ lr: number }>, opts: StepLROptions) {
    super(optimizer, opts);
    checkCount('StepLR', 'stepSize', opts.stepSize, 1);
    this.stepSize = opts.stepSize;
    this.gamma = opts.gamma ?? 0.1;
    this.apply();
  }

  lrAt(t: number, base: number): number {
    return base * this.gamma ** Math.floor(t / this.stepSize);
  }
}
