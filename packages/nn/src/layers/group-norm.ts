/** Normalises [N, C, ...] over groups of C/G channels (with all their positions), then a per-channel affine. */
import * as A from '@prior/autograd';
import { type Tensor, ShapeError } from '@prior/tensor';
import { constant } from '../init/init.js';
import type { FactoryOptions } from '../init/options.js';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';

export interface GroupNormOptions extends FactoryOptions {
  eps?: number;
  affine?: boolean;
}

export class GroupNorm extends Module {
  readonly eps: number;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;

  constructor(
    readonly numGroups: number,
    readonly numChannels: number,
    opts: GroupNormOptions = {},
  ) {
    super();
    if (!Number.isInteger(numGroups) || numGroups < 1 || numChannels % numGroups !== 0) {
      throw new ShapeError(`GroupNorm: numChannels ${numChannels} must be divisible by numGroups ${numGroups}`);
    }
    this.eps = opts.eps ?? 1e-5;
    const affine = opts.affine ?? true;
    this.weight = this.registerParameter('weight', affine ? new Parameter(constant([numChannels], 1, opts)) : null);
    this.bias = this.registerParameter('bias', affine ? new Parameter(constant([numChannels], 0, opts)) : null);
  }

  forward(x: Tensor): Tensor {
    if (x.rank < 2 || x.shape[1] !== this.numChannels) {
      throw new ShapeError(`GroupNorm: input must be [N, ${this.numChannels}, ...], got [${x.shape.join(', ')}]`);
    }
    const per = x.size / (x.shape[0] * this.numGroups);
    const grouped = A.reshape(x, [x.shape[0], this.numGroups, per]);
    const y = A.reshape(A.layerNorm(grouped, [per], null, null, this.eps), x.shape);
    const lift = x.shape.map((n, i) => (i === 1 ? n : 1));
    const scaled = this.weight ? A.mul(y, A.reshape(this.weight.value, lift)) : y;
    return this.bias ? A.add(scaled, A.reshape(this.bias.value, lift)) : scaled;
  }
}
