/** Semantic segmentation: SIIM / RSNA masks, a U-Net decoder, Dice and IoU, overlays. */
export { siimSegmentation, rsnaSegmentation, denseSplits, resizeMask, scaleBoxes, type MaskedImage, type SegmentationData, type DenseSplitOptions } from './data.js';
export { runSegmentation, type SegmentationConfig, type SegmentationRun } from './run.js';
export { predictMasks } from './predict.js';
export { segmentationOverlay, maskOutline, type OverlayTile } from './overlay.js';
