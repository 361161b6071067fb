/**
 * Batch normalisation of [N, C, ...] over every axis but the channel axis 1. Training
 * uses the batch's statistics (and returns updated running statistics when running
 * ones are given); inference uses the running statistics, which are constants.
 */
import * as T from '@prior/tensor';
import { ShapeError, type Tensor } from '@prior/tensor';
import { customVjp } from '../record.js';

export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  runningMean?: Tensor | null;
  runningVar?: Tensor | null;
  /** Batch statistics (true) or running statistics (false, the default, as in F.batch_norm). */
  training?: boolean;
  /** Weight of the new batch statistic in the running average (default 0.1). */
  momentum?: number;
  eps?: number;
}

export interface BatchNormResult {
  output: Tensor;
  /** In training with running statistics given: the updated ones (new tensors the caller owns). */
  runningMean?: Tensor;
  runningVar?: Tensor;
}

/** Axes reduced over, and a [C] tensor's shape when lined up with x: [1, C, 1, ...]. */
const statAxes = (x: Tensor) => [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2)];
const channelShape = (x: Tensor) => x.shape.map((n, i) => (i === 1 ? n : 1));
const lift = (t: Tensor | null, x: Tensor) => (t ? T.reshape(t, channelShape(x)) : null);

/** Per channel, kept as [1, C, 1, ...]: Σ g and, when asked, Σ g·x̂ = rstd·Σ g·(x − mean). */
function channelSums(g: Tensor, x: Tensor, mean: Tensor, rstd: Tensor, withXhat: boolean): [Tensor, Tensor | null] {
  const axes = statAxes(x);
  const sg = T.sum(g, axes, { keepdim: true });
  return [sg, withXhat ? T.mul(T.sum(T.shiftScale(x, mean, g, 0), axes, { keepdim: true }), rstd) : null];
}

const flat = (t: Tensor | null): Tensor | null => (t ? T.reshape(t, [t.size]) : null);

/**
 * Training: y = (x − mean)·(rstd·γ) + β in one fused pass after the statistics; x is
 * saved instead of x̂. The input gradient rstd·(γg − mean(γg) − x̂·mean(γg·x̂)) is, per
 * channel, P·g + (x − mean)·Q + R with P = rstd·γ, Q = −rstd²·mean(γg·x̂), R = −rstd·mean(γg):
 * two fused passes after the two per-channel sums (which are also β's and γ's gradients).
 */
const train = customVjp(
  // mean and variance: the batch's (biased), computed once by batchNorm for this and the running averages.
  (x: Tensor, weight: Tensor | null, bias: Tensor | null, mean: Tensor, variance: Tensor, eps: number) => {
    const rstd = T.rsqrt(T.add(variance, eps));
    const w = lift(weight, x);
    const output = T.shiftScale(x, mean, w ? T.mul(rstd, w) : rstd, lift(bias, x) ?? 0);
    return { output, saved: [x, mean, rstd, ...(w ? [w] : [])] };
  },
  (g, [x, mean, rstd, w], needs) => {
    const [sg, sgx] = channelSums(g, x, mean, rstd, needs[0] || needs[1]);
    let dx: Tensor | null = null;
    if (needs[0]) {
      const n = x.size / x.shape[1];
      const wsg = w ? T.mul(sg, w) : sg;
      const wsgx = w ? T.mul(sgx as Tensor, w) : (sgx as Tensor);
      const q = T.mul(T.square(rstd), T.mul(wsgx, -1 / n));
      const r = T.mul(rstd, T.mul(wsg, -1 / n));
      dx = T.shiftScale(g, 0, w ? T.mul(rstd, w) : rstd, T.shiftScale(x, mean, q, r));
    }
    return [dx, needs[1] ? flat(sgx) : null, needs[2] ? flat(sg) : null, null, null];
  },
  'batchNorm',
);

/** Inference: the running statistics are constants, so y is one fused pass and dx = g·rstd·γ. */
const infer = customVjp(
  (x: Tensor, weight: Tensor | null, bias: Tensor | null, mean: Tensor, variance: Tensor, eps: number) => {
    const m = lift(mean, x) as Tensor;
    const rstd = T.rsqrt(T.add(lift(variance, x) as Tensor, eps));
    const w = lift(weight, x);
    const scale = w ? T.mul(rstd, w) : rstd;
    return { output: T.shiftScale(x, m, scale, lift(bias, x) ?? 0), saved: [x, m, rstd, scale] };
  },
  (g, [x, m, rstd, scale], needs) => {
    const [sg, sgx] = needs[1] || needs[2] ? channelSums(g, x, m, rstd, needs[1]) : [null, null];
    return [needs[0] ? T.mul(g, scale) : null, flat(sgx), needs[2] ? flat(sg) : null, null, null];
  },
  'batchNorm',
);

export function batchNorm(x: Tensor, opts: BatchNormOptions = {}): BatchNormResult {
  if (x.rank < 2) throw new ShapeError(`batchNorm: input must be [N, C, ...], got [${x.shape.join(', ')}]`);
  const c = x.shape[1];
  const { weight = null, bias = null, runningMean = null, runningVar = null, eps = 1e-5, momentum = 0.1 } = opts;
  for (const [name, t] of [['weight', weight], ['bias', bias], ['runningMean', runningMean], ['runningVar', runningVar]] as const) {
    if (t && (t.rank !== 1 || t.shape[0] !== c)) throw new ShapeError(`batchNorm: ${name} must have shape [${c}], got [${t.shape.join(', ')}]`);
  }
  if ((runningMean === null) !== (runningVar === null)) throw new ShapeError('batchNorm: give both runningMean and runningVar, or neither');
  if (!opts.training) {
    if (!runningMean || !runningVar) throw new ShapeError('batchNorm: inference (training: false) needs runningMean and runningVar');
    return { output: infer(x, weight, bias, runningMean, runningVar, eps) };
  }
  const n = x.size / c;
  if (n <= 1) throw new ShapeError(`batchNorm: training needs more than one value per channel, got input [${x.shape.join(', ')}]`);
  // One pass of statistics for the normalisation and the running averages (constants:
  // tensor ops record nothing; the tape keeps its own views of what it saves).
  const [variance, mean] = T.varMean(x, statAxes(x), { correction: 0, keepdim: true });
  try {
    const output = train(x, weight, bias, mean, variance, eps);
    if (!runningMean || !runningVar) return { output };
    const updated = T.scope(() => ({
      runningMean: T.add(T.mul(runningMean, 1 - momentum), T.mul(T.reshape(mean, [c]), momentum)),
      runningVar: T.add(T.mul(runningVar, 1 - momentum), T.mul(T.reshape(variance, [c]), (momentum * n) / (n - 1))),
    }));
    return { output, ...updated };
  } finally {
    mean.dispose();
    variance.dispose();
  }
}
