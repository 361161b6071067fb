/** Inverted dropout: the mask comes from the seeded generator, so runs repeat exactly on any backend. */
import * as T from '@prior/tensor';
import { type Generator, ShapeError, type Tensor } from '@prior/tensor';
import { customVjp } from '../record.js';

export interface DropoutOptions {
  /** Off (identity) when false; default true. */
  training?: boolean;
  /** Source of the mask (default: the tensor package's default generator). */
  generator?: Generator;
}

const fused = customVjp(
  (x: Tensor, p: number, generator: Generator | undefined) => {
    const keepMask = T.bernoulli(1 - p, x.shape, { dtype: x.dtype, device: x.backend, generator });
    const scale = T.mul(keepMask, 1 / (1 - p));
    return { output: T.mul(x, scale), saved: [scale] };
  },
  (g, [scale]) => [T.mul(g, scale)],
  'dropout',
);

/** Zeroes each element with probability p and scales the rest by 1/(1 − p). */
export function dropout(x: Tensor, p = 0.5, opts: DropoutOptions = {}): Tensor {
  if (!(p >= 0 && p <= 1)) throw new ShapeError(`dropout: p must be in [0, 1], got ${p}`);
  if (opts.training === false || p === 0) return x;
  if (p === 1) return mulZero(x);
  return fused(x, p, opts.generator);
}

/** p = 1: everything dropped, gradient zero. */
const mulZero = customVjp(
  (x: Tensor) => ({ output: T.zerosLike(x) }),
  (g) => [T.zerosLike(g)],
  'dropout',
);
