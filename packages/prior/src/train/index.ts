/** The staged pre-training loop: stages, optimisers, checkpoints, metrics, resume. */
export { pretrain, trainingGenerator, type PretrainOptions, type PretrainResult, type Progress, type TrainableModel } from './pretrain.js';
export { planStages, type StagePlan } from './stage-plan.js';
export { createStageOptimizer, type StageOptimizer } from './stage-optimizer.js';
export {
  CHECKPOINT_DIR, checkpointName, listCheckpoints, saveTrainingCheckpoint, pruneCheckpoints, readLatestCheckpoint, trainingStateOf, configJsonOf,
  type TrainingState, type GeneratorState, type CheckpointFile, type LoadedCheckpoint, type SaveParts, type WriteFile,
} from './run-checkpoints.js';
export { MetricsLog, METRICS_FILE, HELD_OUT_FILE, type MetricsLine, type HeldOutLine } from './metrics-log.js';
export { readTemperatures } from './temperatures.js';
export { TrainingError, NonFiniteLossError } from './errors.js';
export { retrievalCheck, type RetrievalResult, type EncodingModel } from './retrieval-check.js';
export { overfitCheck, type OverfitOptions, type OverfitCheck } from './overfit.js';
