/**
 * Full fine-tuning: the encoder's image side (`imageParameters()`) and a linear head on
 * the global average pool of its last feature map train together (AdamW, a smaller
 * learning rate for the encoder than for the head), in training mode, with early stopping
 * on the validation score. Returns the test probabilities of the best validation epoch.
 * The encoder's weights change: give each run a fresh encoder (Method.create).
 */
import { backward, noGrad } from '@prior/autograd';
import { AdamW, Linear } from '@prior/nn';
import { SeededRandom } from '@prior/datasets';
import { type Device, scope, tensor } from '@prior/tensor';
import type { Encoder } from '../../encoder.js';
import { batchRanges, pooledLastMap } from '../common/batches.js';
import { type ImagePreprocess, imageTensor } from '../common/preprocess.js';
import { type ClassificationKind, classificationScores, validationScore } from '../common/scores.js';
import { deriveTaskSeed, taskGenerator } from '../common/seeds.js';
import { fitWithEarlyStopping } from '../common/training.js';
import { epochBatches, headLoss, targetTensor, toProbabilities } from './head.js';
import type { ProbeResult } from './linear-probe.js';

export interface FineTuneOptions {
  /** Encoder learning rate. */
  lr?: number;
  headLr?: number;
  weightDecay?: number;
  batchSize?: number;
  maxEpochs?: number;
  /**
   * Fewest optimiser steps between two validations: an "epoch" passes over the training
   * set as many times as that takes. At 1% labels the set is one batch, and ten single
   * steps would leave the fresh head near its initialisation (scores below chance).
   */
  minStepsPerEpoch?: number;
  patience?: number;
  device?: Device;
}

export const FINE_TUNE_DEFAULTS = { lr: 1e-4, headLr: 1e-3, weightDecay: 1e-4, batchSize: 16, maxEpochs: 10, minStepsPerEpoch: 10, patience: 3 } as const;

export interface ImageSplit {
  pixels: Float32Array[];
  labels: (number[] | number)[];
}

export async function fineTune(
  encoder: Encoder,
  pre: ImagePreprocess,
  splits: { train: ImageSplit; val: ImageSplit; test: ImageSplit },
  kind: ClassificationKind,
  classNames: readonly string[],
  seed: number,
  opts: FineTuneOptions = {},
): Promise<ProbeResult> {
  const o = { ...FINE_TUNE_DEFAULTS, ...opts };
  const c = classNames.length;
  const dev = opts.device;
  const dim = encoder.featureChannels[encoder.featureChannels.length - 1];
  const head = new Linear(dim, c, { generator: taskGenerator(seed, 'fine-tune-head'), device: dev });
  const opt = new AdamW(
    [
      { params: encoder.imageParameters(), lr: o.lr },
      { params: head.parameters(), lr: o.headLr },
    ],
    { lr: o.lr, weightDecay: o.weightDecay },
  );
  const rng = new SeededRandom(deriveTaskSeed(seed, 'fine-tune-order'));
  const n = splits.train.labels.length;
  const predict = async (pixels: Float32Array[]) => {
    encoder.train(false);
    const out = new Float32Array(pixels.length * c);
    for (const [s, e] of batchRanges(pixels.length, o.batchSize)) {
      const logits = await scope(async () => {
        const t = noGrad(() => head.forward(pooledLastMap(encoder.encodeImages(imageTensor(pixels.slice(s, e), pre, dev)))));
        return t.data();
      });
      out.set(logits, s * c);
    }
    return toProbabilities(kind, out, c);
  };
  let probs: Float64Array = new Float64Array(0);
  const r = await fitWithEarlyStopping(
    o,
    async () => {
      encoder.train(true);
      const batches: number[][] = [];
      while (batches.length < Math.max(1, o.minStepsPerEpoch)) batches.push(...epochBatches(n, o.batchSize, rng.shuffle(Array.from({ length: n }, (_, i) => i))));
      for (const b of batches) {
        scope(() => {
          const images = imageTensor(
            b.map((i) => splits.train.pixels[i]),
            pre,
            dev,
          );
          const y = targetTensor(kind, b.map((i) => splits.train.labels[i]), c, dev);
          opt.zeroGrad();
          backward(headLoss(kind, head.forward(pooledLastMap(encoder.encodeImages(images))), y));
          opt.step();
          opt.zeroGrad();
        });
      }
    },
    async () => validationScore(kind, classificationScores(kind, splits.val.labels, await predict(splits.val.pixels), classNames)),
    async () => {
      probs = await predict(splits.test.pixels);
    },
  );
  encoder.train(false);
  return { probs, bestEpoch: r.bestEpoch, epochsRun: r.epochsRun };
}
