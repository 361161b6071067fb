/**
 * torch.optim.lr_scheduler.ConstantLR: base · factor while t < totalIters, then base.
 * With factor 1 (or totalIters 0) the lr is simply constant.
 */
import type { Optimizer } from '../optim/index.js';
import { LRScheduler, SchedulerError, type SchedulerOptions, checkCount } from './scheduler.js';

export interface ConstantLROptions extends SchedulerOptions {
  /** Multiplier during the first totalIters steps (PyTorch's default 1/3). */
  factor?: number;
  /** PyTorch's default 5. */
  totalIters?: number;
}

export class ConstantLR extends LRScheduler {
  readonly factor: number;
  readonly totalIters: number;

  constructor(optimizer: Optimizer<{ lr: number }>, opts: ConstantLROptions = {}) {
    super(optimizer, opts);
    this.factor = opts.factor ?? 1 / 3;
    this.totalIters = opts.totalIters ?? 5;
    if (!(this.factor >= 0 && this.factor <= 1)) throw new SchedulerError(`ConstantLR: factor must be in [0, 1], got ${this.factor}`);
    checkCount('ConstantLR', 'totalIters', this.totalIters);
    this.apply();
  }

  lrAt(t: number, base: number): number {
    return t < this.totalIters ? base * this.factor : base;
  }
}
