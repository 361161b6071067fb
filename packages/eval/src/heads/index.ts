/** Dense heads for the segmentation and detection tasks, and their training plumbing. */
export { type Ltrb, boxToLtrb, ltrbToBox, encodeBox, decodeBox, centreness, clipBox } from './box-coding.js';
export { nms, nmsBoxes, type NmsOptions } from './nms.js';
export { ConvNormRelu, type NormKind } from './conv-block.js';
export { UNetDecoder, type UNetDecoderOptions } from './unet-decoder.js';
export { softDiceLoss, diceBceLoss, type DiceBceOptions } from './dice-bce-loss.js';
export { FcosHead, type FcosHeadOptions, type FcosOutput } from './fcos-head.js';
export { fcosLocations, fcosTargets, defaultSizeRanges, type FcosLocations, type FcosTargets, type FcosTargetOptions } from './fcos-targets.js';
export { fcosLoss, sigmoidFocalLoss, giouLossLtrb, type FcosLoss, type FcosLossOptions } from './fcos-loss.js';
export { fcosDetections, type FcosDecodeOptions, type FcosHostOutput } from './fcos-decode.js';
export { FeatureSource, snapshotParameters, type EncoderMode } from './feature-source.js';
export { runDenseProtocol, type DenseProtocolOptions, type DenseSplits, type DenseTaskSpec, type DenseSeedContext, type DenseSeedOutcome, type DenseRun } from './dense-protocol.js';
export { trainHead, type HeadTrainingOptions, type HeadTrainingResult } from './train-head.js';
