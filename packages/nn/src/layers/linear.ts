/** y = x·Wᵀ + b over the last axis; W [out, in], PyTorch's init (kaiming_uniform(a=√5), bias U(±1/√in)). */
import * as A from '@prior/autograd';
import { type Tensor, ShapeError } from '@prior/tensor';
import { biasUniform, kaimingUniform } from '../init/init.js';
import type { FactoryOptions } from '../init/options.js';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';

export interface LinearOptions extends FactoryOptions {
  bias?: boolean;
}

export class Linear extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    opts: LinearOptions = {},
  ) {
    super();
    const shape = [outFeatures, inFeatures];
    this.weight = this.registerParameter('weight', new Parameter(kaimingUniform(shape, { a: Math.sqrt(5) }, opts)));
    this.bias = this.registerParameter('bias', opts.bias === false ? null : new Parameter(biasUniform(outFeatures, shape, opts)));
  }

  forward(x: Tensor): Tensor {
    if (x.rank < 1 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError(`Linear: input must be [..., ${this.inFeatures}], got [${x.shape.join(', ')}]`);
    }
    return linear(x, this.weight.value, this.bias?.value ?? null);
  }
}

/** F.linear: x·Wᵀ (+ b). */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const y = A.matmul(x, A.transpose(weight, 0, 1));
  return bias ? A.add(y, bias) : y;
}
