/** Nearest or bilinear resampling of [N, C, H, W] to a size or by a scale factor. */
import * as A from '@prior/autograd';
import { type Tensor, ShapeError } from '@prior/tensor';
import { Module } from '../module/module.js';
import type { Pair } from './pair.js';

export interface UpsampleOptions {
  size?: Pair;
  scaleFactor?: number | readonly [number, number];
  mode?: 'nearest' | 'bilinear';
  /** Bilinear only (default false). */
  alignCorners?: boolean;
}

export class Upsample extends Module {
  constructor(readonly opts: UpsampleOptions) {
    super();
    if ((opts.size === undefined) === (opts.scaleFactor === undefined)) throw new ShapeError('Upsample: give exactly one of size and scaleFactor');
    if (opts.alignCorners !== undefined && opts.mode !== 'bilinear') throw new ShapeError('Upsample: alignCorners applies to bilinear mode only');
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 4) throw new ShapeError(`Upsample: input must be [N, C, H, W], got [${x.shape.join(', ')}]`);
    return A.upsample(x, this.opts);
  }
}
