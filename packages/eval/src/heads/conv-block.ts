/** Conv 3×3 (no bias) → norm → ReLU: the decoder's and detector's building block. */
import * as A from '@prior/autograd';
import { BatchNorm2d, Conv2d, type FactoryOptions, GroupNorm, Module } from '@prior/nn';
import type { Tensor } from '@prior/tensor';

export type NormKind = 'batch' | 'group';

export class ConvNormRelu extends Module {
  readonly conv: Conv2d;
  readonly norm: BatchNorm2d | GroupNorm;

  constructor(inChannels: number, outChannels: number, norm: NormKind, opts: FactoryOptions = {}) {
    super();
    this.conv = this.registerModule('conv', new Conv2d(inChannels, outChannels, 3, { ...opts, padding: 1, bias: false }));
    // Group norm (about 8 channels per group) does not depend on the batch size (FCOS uses it).
    const groups = norm === 'group' ? largestDivisorAtMost(outChannels, Math.max(1, outChannels / 8)) : 0;
    this.norm = this.registerModule('norm', norm === 'batch' ? new BatchNorm2d(outChannels, opts) : new GroupNorm(groups, outChannels, opts));
  }

  forward(x: Tensor): Tensor {
    return A.relu(this.norm.forward(this.conv.forward(x)));
  }
}

function largestDivisorAtMost(n: number, limit: number): number {
  for (let g = Math.floor(limit); g > 1; g--) if (n % g === 0) return g;
  return 1;
}
