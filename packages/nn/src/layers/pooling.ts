/** Max, average and adaptive average pooling over [N, C, H, W] (3-D [C, H, W] inputs are treated as N = 1). */
import * as A from '@prior/autograd';
import { type Tensor, ShapeError } from '@prior/tensor';
import { Module } from '../module/module.js';
import type { Pair } from './pair.js';

/** Runs a 4-D op on [C, H, W] too, as PyTorch's unbatched inputs. */
function batched(name: string, x: Tensor, fn: (x4: Tensor) => Tensor): Tensor {
  if (x.rank === 4) return fn(x);
  if (x.rank === 3) return A.squeeze(fn(A.unsqueeze(x, 0)), 0);
  throw new ShapeError(`${name}: input must be [N, C, H, W] or [C, H, W], got [${x.shape.join(', ')}]`);
}

export interface MaxPool2dOptions {
  /** Defaults to the kernel size. */
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  ceilMode?: boolean;
}

export class MaxPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly opts: MaxPool2dOptions = {},
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return batched('MaxPool2d', x, (x4) => A.maxPool2d(x4, this.kernelSize, this.opts));
  }
}

export interface AvgPool2dOptions {
  stride?: Pair;
  padding?: Pair;
  ceilMode?: boolean;
  /** Count padded zeros in the divisor (default true). */
  countIncludePad?: boolean;
}

export class AvgPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly opts: AvgPool2dOptions = {},
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return batched('AvgPool2d', x, (x4) => A.avgPool2d(x4, this.kernelSize, this.opts));
  }
}

export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: Pair) {
    super();
  }

  forward(x: Tensor): Tensor {
    return batched('AdaptiveAvgPool2d', x, (x4) => A.adaptiveAvgPool2d(x4, this.outputSize));
  }
}
