/**
 * The schema of PriorConfig: the type of every field, its range, and the rules between
 * fields (sizes that must divide, parts of the method that need others).
 */
import { ConfigError } from '../errors.js';
import { array, boolean, literal, number, object, optional, type Schema } from './schema.js';
import { imageFeatureChannels, RESNET_STRIDE } from './derived.js';
import type {
  AblationConfig,
  AugmentationConfig,
  DataConfig,
  ImageEncoderConfig,
  LossWeights,
  MaskingConfig,
  ModelConfig,
  PriorConfig,
  ReportDecoderConfig,
  RunConfig,
  StageConfig,
  TextEncoderConfig,
} from './types.js';

const positiveInt = () => number({ int: true, min: 1 });
const nonNegativeInt = () => number({ int: true, min: 0 });
const nonNegative = () => number({ min: 0 });
const positive = () => number({ above: 0 });
const probability = () => number({ min: 0, below: 1 });

function text(opts: { minLength?: number } = {}): Schema<string> {
  const min = opts.minLength ?? 0;
  return {
    parse(v, path) {
      if (typeof v !== 'string' || v.length < min) throw new ConfigError(path, min > 0 ? 'a non-empty string' : 'a string', v);
      return v;
    },
  };
}

/** `a` must be a multiple of `b`; the error blames `blame` and names both values. */
function divisible(blame: string, a: [string, number], b: [string, number]): void {
  if (a[1] % b[1] !== 0) throw new ConfigError(blame, '', b[1], `${a[0]} (${a[1]}) must be divisible by ${b[0]} (${b[1]})`);
}

const imageEncoder = object<ImageEncoderConfig>(
  {
    depth: literal(10, 18, 34, 50, 101, 152),
    width: positiveInt(),
    inChannels: positiveInt(),
    imageSize: positiveInt(),
    poolHeads: positiveInt(),
    outputStride: optional(literal(8, 16, 32)),
  },
  (v, path) => {
    // A multiple of 32 keeps every stride-2 stage exact, whatever the output stride.
    if (v.imageSize % RESNET_STRIDE !== 0) {
      throw new ConfigError(`${path}.imageSize`, '', v.imageSize, `expected a multiple of ${RESNET_STRIDE} (the ResNet's total stride), got ${v.imageSize}`);
    }
    divisible(`${path}.poolHeads`, ["the final feature map's channels", imageFeatureChannels(v)], ['poolHeads', v.poolHeads]);
  },
);

const textEncoder = object<TextEncoderConfig>(
  {
    layers: positiveInt(),
    hidden: positiveInt(),
    heads: positiveInt(),
    ffn: positiveInt(),
    vocabSize: positiveInt(),
    maxLen: number({ int: true, min: 3 }),
    positions: positiveInt(),
    dropout: probability(),
  },
  (v, path) => {
    divisible(`${path}.heads`, ['hidden', v.hidden], ['heads', v.heads]);
    if (v.positions < v.maxLen) throw new ConfigError(`${path}.positions`, `at least maxLen (${v.maxLen})`, v.positions);
  },
);

const reportDecoder = object<ReportDecoderConfig>({
  layers: positiveInt(),
  heads: positiveInt(),
  ffn: positiveInt(),
  dropout: probability(),
});

const ablation = object<AblationConfig>(
  {
    localAlignment: boolean(),
    prototypes: boolean(),
    imageReconstruction: boolean(),
    reportReconstruction: boolean(),
  },
  (v, path) => {
    if (v.imageReconstruction && !v.localAlignment) {
      throw new ConfigError(`${path}.imageReconstruction`, '', true, `needs ${path}.localAlignment (the image decoder is conditioned on the LAM's report context)`);
    }
    if (v.reportReconstruction && !v.prototypes) {
      throw new ConfigError(`${path}.reportReconstruction`, '', true, `needs ${path}.prototypes (the report decoder reconstructs prototype vectors)`);
    }
  },
);

const masking = object<MaskingConfig>({ mode: literal('channel', 'region'), p: probability() });

const model = object<ModelConfig>(
  {
    imageEncoder,
    textEncoder,
    embedDim: positiveInt(),
    prototypes: positiveInt(),
    queries: positiveInt(),
    sentencePoolHeads: positiveInt(),
    reportDecoder,
    gumbelTau: positive(),
    globalTemperature: positive(),
    globalNorm: literal('none', 'batchnorm'),
    localTemperature: positive(),
    ablation,
    masking,
  },
  (v, path) => {
    divisible(`${path}.sentencePoolHeads`, ['embedDim', v.embedDim], ['sentencePoolHeads', v.sentencePoolHeads]);
    divisible(`${path}.reportDecoder.heads`, ['embedDim', v.embedDim], ['reportDecoder.heads', v.reportDecoder.heads]);
    if (v.embedDim < 2) throw new ConfigError(`${path}.embedDim`, 'an integer >= 2 (the LAM predictor has a D/2 hidden layer)', v.embedDim);
  },
);

const lossWeights = object<LossWeights>({
  glob: nonNegative(),
  locImg: nonNegative(),
  locTxt: nonNegative(),
  proto: nonNegative(),
  recImg: nonNegative(),
  spg: nonNegative(),
  kl: nonNegative(),
  gpa: nonNegative(),
});

const stage = object<StageConfig>(
  {
    name: text({ minLength: 1 }),
    epochs: optional(positiveInt()),
    steps: optional(positiveInt()),
    usePrototypes: boolean(),
    lossWeights,
    peakLr: positive(),
    warmupStartLr: nonNegative(),
    finalLr: nonNegative(),
    warmup: nonNegative(),
    weightDecay: nonNegative(),
    gradClip: nonNegative(),
  },
  (v, path) => {
    if ((v.epochs === undefined) === (v.steps === undefined)) {
      const got = v.epochs === undefined ? 'neither' : 'both';
      throw new ConfigError(path, '', v, `give exactly one of epochs and steps, got ${got}`);
    }
    const length = v.epochs ?? v.steps!;
    const unit = v.epochs !== undefined ? 'epochs' : 'steps';
    if (v.warmup > length) throw new ConfigError(`${path}.warmup`, `at most the stage's length (${length} ${unit})`, v.warmup);
    for (const t of ['proto', 'spg', 'kl', 'gpa'] as const) {
      if (v.lossWeights[t] > 0 && !v.usePrototypes) {
        throw new ConfigError(`${path}.lossWeights.${t}`, '', v.lossWeights[t], `a weight > 0 needs ${path}.usePrototypes to be true (this term is defined on prototype vectors)`);
      }
    }
    if (v.warmupStartLr > v.peakLr) throw new ConfigError(`${path}.warmupStartLr`, `at most peakLr (${v.peakLr})`, v.warmupStartLr);
    if (v.finalLr > v.peakLr) throw new ConfigError(`${path}.finalLr`, `at most peakLr (${v.peakLr})`, v.finalLr);
  },
);

const augmentation = object<AugmentationConfig>({
  rotationDegrees: number({ min: 0, max: 180 }),
  horizontalFlipP: number({ min: 0, max: 1 }),
  mean: number(),
  std: positive(),
});

const data = object<DataConfig>({
  batchSize: number({ int: true, min: 2 }),
  minSentences: positiveInt(),
  shuffleSentences: boolean(),
  augmentation,
});

const run = object<RunConfig>({
  seed: nonNegativeInt(),
  checkpointEverySteps: nonNegativeInt(),
  keepCheckpoints: positiveInt(),
  metricsEverySteps: positiveInt(),
});

export const priorConfigSchema: Schema<PriorConfig> = object<PriorConfig>(
  { model, stages: array(stage, { minLength: 1 }), data, run },
  (v) => {
    const names = new Set<string>();
    v.stages.forEach((s, i) => {
      if (names.has(s.name)) throw new ConfigError(`stages[${i}].name`, '', s.name, `stage names must be unique, "${s.name}" is used twice`);
      names.add(s.name);
    });
  },
);

/** Validates a complete configuration; throws a ConfigError naming the first bad field. */
export function parseConfig(value: unknown): PriorConfig {
  return priorConfigSchema.parse(value, '');
}
