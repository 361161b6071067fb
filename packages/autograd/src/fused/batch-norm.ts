/**
 * Batch normalisation of [N, C, ...] over every axis but the channel axis 1. Training
 * uses the batch's statistics (and returns updated running statistics when running
 * ones are given); inference uses the running statistics, which are constants.
 */
import * as T from '@prior/tensor';
import { ShapeError, type Tensor } from '@prior/tensor';
import { customVjp } from '../record.js';
import { normalizeBackward, standardize } from './normalize-backward.js';

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

function affine(xhat: Tensor, w: Tensor | null, b: Tensor | null): Tensor {
  const y = w ? T.mul(xhat, w) : xhat;
  return b ? T.add(y, b) : y;
}

/** Per-channel gradients of the affine weight and bias. */
function affineGrads(g: Tensor, xhat: Tensor, x: Tensor, needs: readonly boolean[]): [Tensor | null, Tensor | null] {
  const axes = statAxes(x);
  return [needs[1] ? T.sum(T.mul(g, xhat), axes) : null, needs[2] ? T.sum(g, axes) : null];
}

const train = customVjp(
  (x: Tensor, weight: Tensor | null, bias: Tensor | null, eps: number) => {
    const { xhat, rstd } = standardize(x, statAxes(x), eps);
    const w = lift(weight, x);
    return { output: affine(xhat, w, lift(bias, x)), saved: [xhat, rstd, ...(w ? [w] : [])] };
  },
  (g, [xhat, rstd, w], needs, [x]) => [
    needs[0] ? normalizeBackward(w ? T.mul(g, w) : g, xhat, rstd, statAxes(x)) : null,
    ...affineGrads(g, xhat, x, needs),
  ],
  'batchNorm',
);

const infer = customVjp(
  (x: Tensor, weight: Tensor | null, bias: Tensor | null, mean: Tensor, variance: Tensor, eps: number) => {
    const rstd = T.rsqrt(T.add(lift(variance, x) as Tensor, eps));
    const xhat = T.mul(T.sub(x, lift(mean, x) as Tensor), rstd);
    const w = lift(weight, x);
    return { output: affine(xhat, w, lift(bias, x)), saved: [xhat, w ? T.mul(rstd, w) : rstd] };
  },
  (g, [xhat, scale], needs, [x]) => [needs[0] ? T.mul(g, scale) : null, ...affineGrads(g, xhat, x, needs), null, null],
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
  const output = train(x, weight, bias, eps);
  if (!runningMean || !runningVar) return { output };
  // Running statistics: constants (tensor ops record nothing), updated from the batch's mean and unbiased variance.
  return T.scope(() => {
    const [unbiased, mean] = T.varMean(x, statAxes(x), { correction: 1 });
    return {
      output,
      runningMean: T.add(T.mul(runningMean, 1 - momentum), T.mul(mean, momentum)),
      runningVar: T.add(T.mul(runningVar, 1 - momentum), T.mul(unbiased, momentum)),
    };
  });
}
