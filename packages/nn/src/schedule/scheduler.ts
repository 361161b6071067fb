/**
 * Learning-rate schedules. A scheduler owns a counter t (steps taken) and sets every
 * group's `lr` to lrAt(t, base) where base is the group's initial lr (recorded on the
 * group as `initialLr`, as PyTorch records initial_lr). Construction applies t = 0.
 *
 * The unit of t is chosen once: `interval: 'iteration'` advances on iterationEnd(),
 * 'epoch' on epochEnd(); a training loop calls both hooks and the schedule decides.
 * step() advances regardless. Values are closed forms of t, so resuming from a
 * stateDict gives the same lr as never stopping.
 */
import { TensorError } from '@prior/tensor';
import type { Optimizer } from '../optim/index.js';

export type ScheduleInterval = 'iteration' | 'epoch';

export interface SchedulerOptions {
  /** What one step of the schedule is (default 'iteration'). */
  interval?: ScheduleInterval;
}

export interface SchedulerState {
  /** The scheduler's class name, checked on load. */
  kind: string;
  /** Steps taken. */
  t: number;
  baseLrs: number[];
  interval: ScheduleInterval;
}

export class SchedulerError extends TensorError {
  override name = 'SchedulerError';
}

export abstract class LRScheduler {
  readonly interval: ScheduleInterval;
  #t = 0;
  #baseLrs: number[];

  constructor(
    readonly optimizer: Optimizer<{ lr: number }>,
    opts: SchedulerOptions = {},
  ) {
    this.interval = opts.interval ?? 'iteration';
    if (this.interval !== 'iteration' && this.interval !== 'epoch') throw new SchedulerError(`${this.constructor.name}: interval must be 'iteration' or 'epoch', got '${String(this.interval)}'`);
    for (const g of optimizer.paramGroups) g.initialLr ??= g.lr;
    this.#baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
  }

  /** The learning rate at step t for a group whose initial lr is `base`. */
  abstract lrAt(t: number, base: number): number;

  /** Steps taken so far. */
  get t(): number {
    return this.#t;
  }

  get baseLrs(): readonly number[] {
    return this.#baseLrs;
  }

  /** The lr of each group as last set. */
  get lastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Subclasses call this at the end of their constructor (after their fields are set). */
  protected apply(): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = this.lrAt(this.#t, this.#baseLrs[i]);
    });
  }

  /** Advances one unit and sets the new lrs. */
  step(): void {
    this.#t++;
    this.apply();
  }

  /** Call after every optimiser step; advances when interval is 'iteration'. */
  iterationEnd(): void {
    if (this.interval === 'iteration') this.step();
  }

  /** Call after every epoch; advances when interval is 'epoch'. */
  epochEnd(): void {
    if (this.interval === 'epoch') this.step();
  }

  stateDict(): SchedulerState {
    return { kind: this.constructor.name, t: this.#t, baseLrs: [...this.#baseLrs], interval: this.interval };
  }

  loadStateDict(s: SchedulerState): void {
    if (s.kind !== this.constructor.name) throw new SchedulerError(`${this.constructor.name}.loadStateDict: the snapshot is of a ${s.kind}`);
    if (s.baseLrs.length !== this.optimizer.paramGroups.length) {
      throw new SchedulerError(`${this.constructor.name}.loadStateDict: the snapshot has ${s.baseLrs.length} group(s), the optimiser ${this.optimizer.paramGroups.length}`);
    }
    if (s.interval !== this.interval) throw new SchedulerError(`${this.constructor.name}.loadStateDict: the snapshot steps per ${s.interval}, this scheduler per ${this.interval}`);
    if (!(Number.isInteger(s.t) && s.t >= 0)) throw new SchedulerError(`${this.constructor.name}.loadStateDict: t must be a non-negative integer, got ${s.t}`);
    this.#t = s.t;
    this.#baseLrs = [...s.baseLrs];
    this.optimizer.paramGroups.forEach((g, i) => {
      g.initialLr = s.baseLrs[i];
    });
    this.apply();
  }
}

export function checkCount(where: string, name: string, v: number, min = 0): void {
  if (!(Number.isInteger(v) && v >= min)) throw new SchedulerError(`${where}: ${name} must be an integer ≥ ${min}, got ${v}`);
}
