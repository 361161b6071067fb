/**
 * Training a dense head (and, in fine-tune mode, the encoder under it) with AdamW, in
 * rounds of a fixed number of steps rather than epochs: at 1% labels an epoch is one or
 * two batches, so rounds give every label fraction the same optimisation budget and the
 * same validation cadence. After each round the caller's `validate` scores the validation
 * set; early stopping (tasks/common) keeps the best round's test predictions via `onBest`.
 * Batches are drawn by a seeded shuffle, reshuffled each pass over the training images.
 */
import { backward } from '@prior/autograd';
import { SeededRandom } from '@prior/datasets';
import { AdamW, type Module, type Parameter } from '@prior/nn';
import { type Tensor, scope } from '@prior/tensor';
import { type EarlyStoppingResult, deriveTaskSeed, fitWithEarlyStopping } from '../tasks/common/index.js';
import type { FeatureSource } from './feature-source.js';

export interface HeadTrainingOptions {
  /** Head learning rate (default 1e-3). */
  lr?: number;
  /** Encoder learning rate in fine-tune mode (default lr / 10). */
  encoderLr?: number;
  weightDecay?: number;
  batchSize?: number;
  /** Optimiser steps per round (default 20). */
  stepsPerRound?: number;
  /** Rounds at most (default 10). */
  maxRounds?: number;
  /** Rounds without a better validation score before stopping (default 3). */
  patience?: number;
}

export interface HeadTrainingResult extends EarlyStoppingResult {
  steps: number;
  /** Mean training loss of each round. */
  roundLosses: number[];
}

export async function trainHead(
  head: Module,
  source: FeatureSource,
  /** Indices (into the source's images) of the training images. */
  trainIndices: readonly number[],
  /** The loss of a batch, from its feature maps (training mode) and its image indices. */
  loss: (maps: Tensor[], indices: number[]) => Tensor,
  validate: () => Promise<number>,
  onBest: (round: number, score: number) => Promise<void>,
  seed: number,
  opts: HeadTrainingOptions = {},
): Promise<HeadTrainingResult> {
  if (trainIndices.length === 0) throw new RangeError('trainHead: no training images');
  const lr = opts.lr ?? 1e-3;
  const groups: { params: Parameter[]; lr: number }[] = [{ params: head.parameters().filter((p) => p.requiresGrad), lr }];
  if (source.mode === 'fine-tune') {
    const enc = source.encoder.imageParameters().filter((p) => p.requiresGrad);
    if (enc.length) groups.push({ params: enc, lr: opts.encoderLr ?? lr / 10 });
  }
  const optimizer = new AdamW(groups, { lr, weightDecay: opts.weightDecay ?? 1e-4 });
  await source.prepare();
  const rng = new SeededRandom(deriveTaskSeed(seed, 'batch-order'));
  const batchSize = Math.min(opts.batchSize ?? 8, trainIndices.length);
  let queue: number[] = [];
  const nextBatch = () => {
    const out: number[] = [];
    while (out.length < batchSize) {
      if (queue.length === 0) queue = rng.shuffle([...trainIndices]);
      out.push(queue.pop()!);
    }
    return out;
  };
  const stepsPerRound = opts.stepsPerRound ?? 20;
  const roundLosses: number[] = [];
  let steps = 0;
  const trainRound = async () => {
    head.train(true);
    let total = 0;
    for (let s = 0; s < stepsPerRound; s++) {
      total += await scope(async () => {
        const idx = nextBatch();
        try {
          const l = loss(source.maps(idx, true), idx);
          const value = (await l.data())[0];
          if (!Number.isFinite(value)) throw new RangeError(`trainHead: loss is ${value} at step ${steps + 1}`);
          backward(l);
          optimizer.step();
          return value;
        } finally {
          optimizer.zeroGrad();
        }
      });
      steps++;
    }
    roundLosses.push(total / stepsPerRound);
  };
  const evalMode = async () => {
    head.train(false);
    source.encoder.train(false);
    return validate();
  };
  const r = await fitWithEarlyStopping({ maxEpochs: opts.maxRounds ?? 10, patience: opts.patience ?? 3 }, trainRound, evalMode, onBest);
  return { ...r, steps, roundLosses };
}
