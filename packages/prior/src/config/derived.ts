/** Quantities that follow from a configuration, computed in one place. */
import type { ImageEncoderConfig, LossWeights, OutputStride, PriorConfig, ResNetDepth, StageConfig } from './types.js';
import { LOSS_TERMS } from './types.js';

export interface ResNetLayout {
  block: 'basic' | 'bottleneck';
  /** Blocks in each of the four stages. */
  layers: [number, number, number, number];
}

const LAYOUTS: Record<ResNetDepth, ResNetLayout> = {
  10: { block: 'basic', layers: [1, 1, 1, 1] },
  18: { block: 'basic', layers: [2, 2, 2, 2] },
  34: { block: 'basic', layers: [3, 4, 6, 3] },
  50: { block: 'bottleneck', layers: [3, 4, 6, 3] },
  101: { block: 'bottleneck', layers: [3, 4, 23, 3] },
  152: { block: 'bottleneck', layers: [3, 8, 36, 3] },
};

export function resnetLayout(depth: ResNetDepth): ResNetLayout {
  const l = LAYOUTS[depth];
  return { block: l.block, layers: [...l.layers] };
}

/** ResNet total stride: stem conv /2, max-pool /2, three stride-2 stages. */
export const RESNET_STRIDE = 32;

/** Input pixels per final-map cell (ImageEncoderConfig.outputStride, default 32). */
export function outputStride(enc: Pick<ImageEncoderConfig, 'outputStride'>): OutputStride {
  return enc.outputStride ?? RESNET_STRIDE;
}

/** Stride of each of the four stages' first block: 1, then 2 until the output stride is reached. */
export function stageStrides(enc: Pick<ImageEncoderConfig, 'outputStride'>): [number, number, number, number] {
  const os = outputStride(enc);
  return [1, 2, os >= 16 ? 2 : 1, os >= 32 ? 2 : 1];
}

/** Input pixels per cell of each stage's output map (4, 8, 16, 32 by default). */
export function stageOutputStrides(enc: Pick<ImageEncoderConfig, 'outputStride'>): number[] {
  let s = 4; // stem conv /2 and max-pool /2
  return stageStrides(enc).map((k) => (s *= k));
}

/** Channels of the final feature map (2048 for ResNet-50 at width 64). */
export function imageFeatureChannels(enc: Pick<ImageEncoderConfig, 'depth' | 'width'>): number {
  return enc.width * 8 * (LAYOUTS[enc.depth].block === 'bottleneck' ? 4 : 1);
}

/** Side of the final feature map (7 at 224 px). */
export function featureMapSide(enc: Pick<ImageEncoderConfig, 'imageSize' | 'outputStride'>): number {
  return enc.imageSize / outputStride(enc);
}

/** R: region tokens per image (49 at 224 px). */
export function regionCount(enc: Pick<ImageEncoderConfig, 'imageSize' | 'outputStride'>): number {
  return featureMapSide(enc) ** 2;
}

/** Channels of the image decoder: 2D in (masked tokens ++ report context), halved by each of its `blocks` (5 at output stride 32). */
export function imageDecoderChannels(embedDim: number, blocks = 5): number[] {
  return Array.from({ length: blocks + 1 }, (_, i) => Math.max(1, Math.floor((2 * embedDim) / 2 ** i)));
}

/** The stage's loss weights with the terms of switched-off modules set to 0. */
export function effectiveLossWeights(config: PriorConfig, stage: Pick<StageConfig, 'usePrototypes' | 'lossWeights'>): LossWeights {
  const a = config.model.ablation;
  const protos = usesPrototypes(config, stage);
  const on: Record<keyof LossWeights, boolean> = {
    glob: true,
    locImg: a.localAlignment,
    locTxt: a.localAlignment,
    proto: protos,
    recImg: a.imageReconstruction && a.localAlignment,
    spg: a.reportReconstruction && protos,
    kl: a.reportReconstruction && protos,
    gpa: a.reportReconstruction && protos,
  };
  return Object.fromEntries(LOSS_TERMS.map((t) => [t, on[t] ? stage.lossWeights[t] : 0])) as LossWeights;
}

/** Whether prototype vectors replace sentence vectors in this stage (never when the bank is off). */
export function usesPrototypes(config: PriorConfig, stage: Pick<StageConfig, 'usePrototypes'>): boolean {
  return config.model.ablation.prototypes && stage.usePrototypes;
}
