/** Flattens dims startDim..endDim (default 1..-1) into one. */
import * as A from '@prior/autograd';
import type { Tensor } from '@prior/tensor';
import { Module } from '../module/module.js';

export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return A.flatten(x, this.startDim, this.endDim);
  }
}
