/**
 * BatchNorm1d/2d: batch statistics in training (updating the running ones with
 * `momentum`, or a cumulative average when momentum is null), running statistics in
 * eval. Buffers: running_mean, running_var, num_batches_tracked (int32 here; PyTorch
 * stores int64, which checkpoint readers convert).
 */
import * as A from '@prior/autograd';
import * as T from '@prior/tensor';
import { type Tensor, ShapeError } from '@prior/tensor';
import { constant } from '../init/init.js';
import type { FactoryOptions } from '../init/options.js';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';

export interface BatchNormOptions extends FactoryOptions {
  eps?: number;
  /** Weight of the batch statistic in the running average (default 0.1); null: cumulative average. */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
}

abstract class BatchNormBase extends Module {
  readonly eps: number;
  readonly momentum: number | null;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly runningMean: Parameter | null;
  readonly runningVar: Parameter | null;
  readonly numBatchesTracked: Parameter | null;
  protected abstract readonly ranks: readonly number[];

  constructor(
    readonly numFeatures: number,
    opts: BatchNormOptions = {},
  ) {
    super();
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    const affine = opts.affine ?? true;
    const track = opts.trackRunningStats ?? true;
    this.weight = this.registerParameter('weight', affine ? new Parameter(constant([numFeatures], 1, opts)) : null);
    this.bias = this.registerParameter('bias', affine ? new Parameter(constant([numFeatures], 0, opts)) : null);
    this.runningMean = this.registerBuffer('running_mean', track ? constant([numFeatures], 0, opts) : null);
    this.runningVar = this.registerBuffer('running_var', track ? constant([numFeatures], 1, opts) : null);
    this.numBatchesTracked = this.registerBuffer('num_batches_tracked', track ? T.zeros([], { dtype: 'int32', device: opts.device }) : null);
  }

  forward(x: Tensor): Tensor {
    if (!this.ranks.includes(x.rank) || x.shape[1] !== this.numFeatures) {
      const want = this.ranks.map((r) => `[N, ${this.numFeatures}${', ...'.repeat(r - 2)}]`).join(' or ');
      throw new ShapeError(`${this.constructor.name}: input must be ${want}, got [${x.shape.join(', ')}]`);
    }
    const useBatch = this.training || !this.runningMean;
    const update = this.training && this.runningMean !== null && this.runningVar !== null;
    const cumulative = update && this.momentum === null;
    const r = A.batchNorm(x, {
      weight: this.weight?.value ?? null,
      bias: this.bias?.value ?? null,
      runningMean: useBatch && (!update || cumulative) ? null : this.runningMean?.value,
      runningVar: useBatch && (!update || cumulative) ? null : this.runningVar?.value,
      training: useBatch,
      momentum: this.momentum ?? 0,
      eps: this.eps,
    });
    if (update) {
      // Counted on the device, so a loaded count carries on without a read-back.
      const n = this.numBatchesTracked as Parameter;
      n.replace(T.add(n.value, 1));
      if (cumulative) this.#cumulativeUpdate(x, n.value);
      else {
        this.runningMean?.replace(r.runningMean as Tensor);
        this.runningVar?.replace(r.runningVar as Tensor);
      }
    }
    return r.output;
  }

  /** momentum = null: running ← running + (batch − running) / num_batches_tracked. */
  #cumulativeUpdate(x: Tensor, count: Tensor): void {
    const [mean, unbiased] = T.scope(() => {
      const axes = [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2)];
      const f = T.div(1, T.cast(count, x.dtype));
      const rm = (this.runningMean as Parameter).value;
      const rv = (this.runningVar as Parameter).value;
      const [unbiased, batchMean] = T.varMean(x, axes, { correction: 1 });
      return [T.add(rm, T.mul(T.sub(batchMean, rm), f)), T.add(rv, T.mul(T.sub(unbiased, rv), f))];
    });
    this.runningMean?.replace(mean);
    this.runningVar?.replace(unbiased);
  }
}

/** Over [N, C] or [N, C, L]. */
export class BatchNorm1d extends BatchNormBase {
  protected readonly ranks = [2, 3];
}

/** Over [N, C, H, W]. */
export class BatchNorm2d extends BatchNormBase {
  protected readonly ranks = [4];
}
