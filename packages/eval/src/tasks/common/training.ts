/**
 * Early stopping shared by every trained head (linear probe, fine-tuning, the segmentation
 * decoder, the detector): train an epoch, score the validation set, and keep what the
 * caller needs from the best validation epoch (`onBest`, e.g. the test predictions), so no
 * copy of the weights is needed. Stops after `patience` epochs without improvement.
 */
export interface EarlyStoppingOptions {
  maxEpochs: number;
  /** Epochs without a better validation score before stopping; default 5. */
  patience?: number;
  /** Validate every this many epochs (patience counts validations); default 1. */
  validateEvery?: number;
  /** Smallest gain that counts as better; default 0. */
  minDelta?: number;
}

export interface EarlyStoppingResult {
  /** 1-based epoch of the best validation score. */
  bestEpoch: number;
  bestScore: number;
  epochsRun: number;
}

export async function fitWithEarlyStopping(
  opts: EarlyStoppingOptions,
  trainEpoch: (epoch: number) => Promise<void>,
  /** Higher is better; NaN never counts as better. */
  validate: () => Promise<number>,
  onBest: (epoch: number, score: number) => Promise<void>,
): Promise<EarlyStoppingResult> {
  const patience = opts.patience ?? 5;
  const every = opts.validateEvery ?? 1;
  let best = -Infinity;
  let bestEpoch = 0;
  let stale = 0;
  let epoch = 0;
  while (epoch < opts.maxEpochs) {
    epoch++;
    await trainEpoch(epoch);
    if (epoch % every !== 0 && epoch !== opts.maxEpochs) continue;
    const score = await validate();
    if (score > best + (opts.minDelta ?? 0) || bestEpoch === 0) {
      best = Number.isNaN(score) ? -Infinity : score;
      bestEpoch = epoch;
      stale = 0;
      await onBest(epoch, score);
    } else if (++stale >= patience) break;
  }
  return { bestEpoch, bestScore: best, epochsRun: epoch };
}
