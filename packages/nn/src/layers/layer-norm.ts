/** Normalises over the trailing `normalizedShape` dims; affine weight 1 and bias 0 at init. */
import * as A from '@prior/autograd';
import type { Tensor } from '@prior/tensor';
import { constant } from '../init/init.js';
import type { FactoryOptions } from '../init/options.js';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';

export interface LayerNormOptions extends FactoryOptions {
  eps?: number;
  elementwiseAffine?: boolean;
}

export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], opts: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = opts.eps ?? 1e-5;
    const affine = opts.elementwiseAffine ?? true;
    this.weight = this.registerParameter('weight', affine ? new Parameter(constant(this.normalizedShape, 1, opts)) : null);
    this.bias = this.registerParameter('bias', affine ? new Parameter(constant(this.normalizedShape, 0, opts)) : null);
  }

  forward(x: Tensor): Tensor {
    return A.layerNorm(x, this.normalizedShape, this.weight?.value ?? null, this.bias?.value ?? null, this.eps);
  }
}
