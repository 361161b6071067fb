/** Dropout (elements) and Dropout2d (whole channels); identity in eval mode. Masks come from a seeded generator. */
import * as A from '@prior/autograd';
import * as T from '@prior/tensor';
import { type Generator, type Tensor, ShapeError } from '@prior/tensor';
import { Module } from '../module/module.js';

export interface DropoutOptions {
  /** Source of the masks (default: the tensor package's default generator). */
  generator?: Generator;
}

function checkP(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new ShapeError(`${name}: p must be in [0, 1], got ${p}`);
}

export class Dropout extends Module {
  readonly generator?: Generator;

  constructor(
    readonly p = 0.5,
    opts: DropoutOptions = {},
  ) {
    super();
    checkP('Dropout', p);
    this.generator = opts.generator;
  }

  forward(x: Tensor): Tensor {
    return A.dropout(x, this.p, { training: this.training, generator: this.generator });
  }
}

/** Zeroes whole channels of [N, C, H, W] (or [C, H, W]) with probability p, scaling the rest by 1/(1 − p). */
export class Dropout2d extends Module {
  readonly generator?: Generator;

  constructor(
    readonly p = 0.5,
    opts: DropoutOptions = {},
  ) {
    super();
    checkP('Dropout2d', p);
    this.generator = opts.generator;
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 3 && x.rank !== 4) throw new ShapeError(`Dropout2d: input must be [N, C, H, W] or [C, H, W], got [${x.shape.join(', ')}]`);
    if (!this.training || this.p === 0) return x;
    const maskShape = x.shape.map((n, i) => (i < x.rank - 2 ? n : 1));
    const scale = T.scope(() => {
      const keepMask = T.bernoulli(1 - this.p, maskShape, { dtype: x.dtype, device: x.backend, generator: this.generator });
      return this.p === 1 ? T.zerosLike(keepMask) : T.mul(keepMask, 1 / (1 - this.p));
    });
    const y = A.mul(x, scale);
    scale.dispose();
    return y;
  }
}
