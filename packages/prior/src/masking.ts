/**
 * Masking of a region-token map [B, R, D] before image reconstruction.
 * - channel: each sample loses whole feature channels, each with probability p, and
 *   the kept ones are scaled by 1/(1 − p): the reference's Dropout2d on the D×7×7 map.
 * - region: each sample loses exactly round(p·R) whole region tokens, chosen uniformly
 *   without replacement, so the decoder must fill in places it cannot see.
 * Draws come from a seeded Generator and depend on nothing else, so they are the same
 * on every backend. Gradients flow to the kept tokens.
 */
import { mul } from '@prior/autograd';
import { arange, bernoulli, cast, eq, type Generator, logicalAnd, logicalNot, logicalOr, lt, rand, ShapeError, sum, unsqueeze, type Tensor } from '@prior/tensor';
import type { MaskingConfig } from './config/types.js';

export interface MaskOptions {
  /** Fraction to mask, in [0, 1). */
  p: number;
  generator?: Generator;
  /** Scale the kept values by the inverse kept fraction (default: true for channel, false for region). */
  rescale?: boolean;
}

export interface Masked {
  /** The masked tokens [B, R, D]. */
  tokens: Tensor;
  /** 1 where kept, 0 where masked: [B, 1, D] for channel masking, [B, R, 1] for region masking. */
  keep: Tensor;
}

function check(fn: string, tokens: Tensor, p: number): void {
  if (tokens.rank !== 3) throw new ShapeError(`${fn}: tokens must be [B, R, D], got [${tokens.shape.join(', ')}]`);
  if (!(p >= 0 && p < 1)) throw new RangeError(`${fn}: p must be in [0, 1), got ${p}`);
}

export function maskChannels(tokens: Tensor, opts: MaskOptions): Masked {
  check('maskChannels', tokens, opts.p);
  const [b, , d] = tokens.shape;
  const keep = bernoulli(1 - opts.p, [b, 1, d], { dtype: tokens.dtype, device: tokens.backend, generator: opts.generator });
  const scale = (opts.rescale ?? true) ? 1 / (1 - opts.p) : 1;
  return { tokens: mul(tokens, scale === 1 ? keep : mul(keep, scale)), keep };
}

/** Number of regions region masking hides out of r. */
export function maskedRegionCount(r: number, p: number): number {
  return Math.round(p * r);
}

export function maskRegions(tokens: Tensor, opts: MaskOptions): Masked {
  check('maskRegions', tokens, opts.p);
  const [b, r] = tokens.shape;
  const k = maskedRegionCount(r, opts.p);
  const dev = { device: tokens.backend };
  // A uniformly random permutation per sample: each region's rank among random scores,
  // ties broken by position; the k lowest ranks are masked.
  const u = rand([b, r], { dtype: 'float32', generator: opts.generator, ...dev });
  const ui = unsqueeze(u, 2); // [B, R, 1]: u_i
  const uj = unsqueeze(u, 1); // [B, 1, R]: u_j
  const pos = arange(0, r, 1, { dtype: 'int32', ...dev });
  const before = lt(unsqueeze(pos, 0), unsqueeze(pos, 1)); // [R, R]: j < i
  const smaller = logicalOr(lt(uj, ui), logicalAnd(eq(uj, ui), before));
  const rank = sum(cast(smaller, 'int32'), -1); // [B, R]
  const keep = cast(unsqueeze(logicalNot(lt(rank, k)), 2), tokens.dtype);
  const rescale = opts.rescale ?? false;
  const scale = rescale && k < r ? r / (r - k) : 1;
  return { tokens: mul(tokens, scale === 1 ? keep : mul(keep, scale)), keep };
}

/** Masks as the configuration says. */
export function maskTokens(tokens: Tensor, config: MaskingConfig, generator?: Generator): Masked {
  const opts = { p: config.p, generator };
  return config.mode === 'channel' ? maskChannels(tokens, opts) : maskRegions(tokens, opts);
}
