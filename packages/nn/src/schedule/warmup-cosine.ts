/**
 * Linear warm-up then cosine decay to a floor:
 *   t < W:       base · (s + (1 − s) · t / W)
 *   W ≤ t ≤ N:   floor + (base − floor) · ½ (1 + cos(π (t − W) / (N − W)))
 *   t > N:       floor
 * with W = warmupSteps, N = totalSteps, s = warmupStartFactor. The floor is minLr, or
 * minLrRatio · base (per group).
 */
import type { Optimizer } from '../optim/index.js';
import { LRScheduler, SchedulerError, type SchedulerOptions, checkCount } from './scheduler.js';

export interface WarmupCosineOptions extends SchedulerOptions {
  warmupSteps: number;
  totalSteps: number;
  /** Absolute floor (default 0). */
  minLr?: number;
  /** Floor as a fraction of each group's base lr (instead of minLr). */
  minLrRatio?: number;
  /** Warm-up starts at this fraction of the base lr (default 0). */
  warmupStartFactor?: number;
}

export class WarmupCosineLR extends LRScheduler {
  readonly warmupSteps: number;
  readonly totalSteps: number;
  readonly warmupStartFactor: number;
  readonly #floor: (base: number) => number;

  constructor(optimizer: Optimizer<{ lr: number }>, opts: WarmupCosineOptions) {
    super(optimizer, opts);
    checkCount('WarmupCosineLR', 'warmupSteps', opts.warmupSteps);
    checkCount('WarmupCosineLR', 'totalSteps', opts.totalSteps);
    if (opts.totalSteps < opts.warmupSteps) throw new SchedulerError(`WarmupCosineLR: totalSteps (${opts.totalSteps}) must be at least warmupSteps (${opts.warmupSteps})`);
    if (opts.minLr !== undefined && opts.minLrRatio !== undefined) throw new SchedulerError('WarmupCosineLR: give minLr or minLrRatio, not both');
    const s = opts.warmupStartFactor ?? 0;
    if (!(s >= 0 && s <= 1)) throw new SchedulerError(`WarmupCosineLR: warmupStartFactor must be in [0, 1], got ${s}`);
    this.warmupSteps = opts.warmupSteps;
    this.totalSteps = opts.totalSteps;
    this.warmupStartFactor = s;
    const ratio = opts.minLrRatio;
    const minLr = opts.minLr ?? 0;
    this.#floor = ratio !== undefined ? (b) => b * ratio : () => minLr;
    this.apply();
  }

  lrAt(t: number, base: number): number {
    const w = this.warmupSteps;
    if (t < w) return base * (this.warmupStartFactor + ((1 - this.warmupStartFactor) * t) / w);
    const floor = this.#floor(base);
    const span = this.totalSteps - w;
    const progress = span === 0 ? 1 : Math.min(1, (t - w) / span);
    return floor + (base - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
