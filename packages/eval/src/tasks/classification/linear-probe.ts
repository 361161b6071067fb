/**
 * Linear probe on frozen features: features are extracted once per method (see
 * extractFeatures), standardised with the training subset's mean and std, and a
 * logistic-regression head (one Linear layer; BCE for multi-label, softmax cross-entropy
 * for multi-class) is trained on them with AdamW in minibatches, with early stopping on
 * the validation score. Returns the test probabilities of the best validation epoch.
 */
import { backward } from '@prior/autograd';
import { AdamW, Linear } from '@prior/nn';
import { SeededRandom } from '@prior/datasets';
import { type Device, type Tensor, scope, tensor } from '@prior/tensor';
import { type ClassificationKind, classificationScores, validationScore } from '../common/scores.js';
import { taskGenerator, deriveTaskSeed } from '../common/seeds.js';
import { fitWithEarlyStopping } from '../common/training.js';
import { epochBatches, headLoss, targetTensor, toProbabilities } from './head.js';

export interface ProbeOptions {
  lr?: number;
  weightDecay?: number;
  batchSize?: number;
  maxEpochs?: number;
  /** Validations without improvement before stopping. */
  patience?: number;
  validateEvery?: number;
  device?: Device;
}

export const PROBE_DEFAULTS = { lr: 1e-2, weightDecay: 1e-4, batchSize: 256, maxEpochs: 300, patience: 5, validateEvery: 10 } as const;

export interface FeatureSplit {
  /** [N × dim] row-major. */
  x: Float32Array;
  labels: (number[] | number)[];
}

export interface ProbeResult {
  /** Test probabilities [N_test × C] of the best validation epoch. */
  probs: Float64Array;
  bestEpoch: number;
  epochsRun: number;
}

function standardiser(x: Float32Array, dim: number): (v: Float32Array) => Float32Array {
  const n = x.length / dim;
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += x[i * dim + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) sq[j] += (x[i * dim + j] - mean[j]) ** 2 / n;
  const inv = Float64Array.from(sq, (v) => 1 / Math.sqrt(v + 1e-6));
  return (v) => Float32Array.from(v, (a, k) => (a - mean[k % dim]) * inv[k % dim]);
}

export async function linearProbe(
  dim: number,
  splits: { train: FeatureSplit; val: FeatureSplit; test: FeatureSplit },
  kind: ClassificationKind,
  classNames: readonly string[],
  seed: number,
  opts: ProbeOptions = {},
): Promise<ProbeResult> {
  const o = { ...PROBE_DEFAULTS, ...opts };
  const c = classNames.length;
  const std = standardiser(splits.train.x, dim);
  const dev = opts.device;
  const asTensor = (x: Float32Array) => tensor(std(x), { shape: [x.length / dim, dim], dtype: 'float32', device: dev });
  const xTrain = asTensor(splits.train.x);
  const xVal = asTensor(splits.val.x);
  const xTest = asTensor(splits.test.x);
  const yTrain = targetTensor(kind, splits.train.labels, c, dev);
  const head = new Linear(dim, c, { generator: taskGenerator(seed, 'probe-head'), device: dev });
  const opt = new AdamW(head.parameters(), { lr: o.lr, weightDecay: o.weightDecay });
  const rng = new SeededRandom(deriveTaskSeed(seed, 'probe-order'));
  const n = splits.train.labels.length;
  const predict = async (x: Tensor) => toProbabilities(kind, await scope(() => head.forward(x)).data(), c);
  let probs: Float64Array = new Float64Array(0);
  try {
    const r = await fitWithEarlyStopping(
      o,
      async () => {
        const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
        for (const b of epochBatches(n, o.batchSize, order)) {
          scope(() => {
            const idx = tensor(Int32Array.from(b), { shape: [b.length], dtype: 'int32', device: dev });
            const x = xTrain.indexSelect(0, idx);
            const y = yTrain.indexSelect(0, idx);
            opt.zeroGrad();
            backward(headLoss(kind, head.forward(x), y));
            opt.step();
            opt.zeroGrad();
          });
        }
      },
      async () => validationScore(kind, classificationScores(kind, splits.val.labels, await predict(xVal), classNames)),
      async () => {
        probs = await predict(xTest);
      },
    );
    return { probs, bestEpoch: r.bestEpoch, epochsRun: r.epochsRun };
  } finally {
    for (const t of [xTrain, xVal, xTest, yTrain]) t.dispose();
    for (const p of head.parameters()) p.value.dispose();
  }
}
