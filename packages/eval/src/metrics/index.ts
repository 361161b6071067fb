export { type Numbers, rowsOf } from './check.js';
export { rocCurve, auroc, multiLabelAuroc, trapezoidArea, rocUndefinedReason, type RocCurve, type RocOptions, type AurocResult, type MultiLabelAuroc } from './roc.js';
export {
  accuracy,
  argmaxRows,
  confusionMatrix,
  precisionRecallF1,
  cohenKappa,
  type ConfusionMatrix,
  type ClassScores,
  type MacroScores,
  type PrfOptions,
  type KappaWeights,
} from './classification.js';
export { retrievalAtK, precisionAtK, recallAtK, rankRow, type RetrievalAtK } from './retrieval.js';
export { dice, iou, maskScores, overlapCounts, diceFromCounts, iouFromCounts, type OverlapCounts, type OverlapSummary, type MaskScores } from './overlap.js';
export {
  meanAveragePrecision,
  mapOfSample,
  boxIou,
  interpolatedAp,
  MAP_IOU_THRESHOLDS,
  type BoxLike,
  type ScoredBox,
  type DetectionCase,
  type MeanAveragePrecision,
} from './detection.js';
export { bootstrapCi, bootstrapIndices, percentile, percentileInterval, type BootstrapOptions, type BootstrapCi } from './bootstrap.js';
export {
  resampleMetrics,
  seedIntervals,
  seedMeanIntervals,
  INTERVAL_DEFAULTS,
  type IntervalOptions,
  type Interval,
  type Resampled,
} from './seed-bootstrap.js';
export { rankAuroc, rankMacroAuroc } from './rank-auroc.js';
