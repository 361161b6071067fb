export type * from './types.js';
export { LOSS_TERMS } from './types.js';
export { parseConfig, priorConfigSchema } from './spec.js';
export { paperPreset, tinyPreset, preset, PRESET_NAMES, type PresetName } from './presets.js';
export { deepMerge } from './merge.js';
export { resolveConfig, loadConfig, configToJSON } from './load.js';
export {
  resnetLayout,
  imageFeatureChannels,
  featureMapSide,
  outputStride,
  stageOutputStrides,
  stageStrides,
  regionCount,
  imageDecoderChannels,
  effectiveLossWeights,
  usesPrototypes,
  RESNET_STRIDE,
  type ResNetLayout,
} from './derived.js';
export type { Schema } from './schema.js';
