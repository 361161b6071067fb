/** The evaluation harness and the SynthCXR evaluation tree. */
export {
  runEvaluation,
  resolveTasks,
  EVAL_TASKS,
  EVAL_DENSE_DEFAULTS,
  SEGMENTATION_DATASETS,
  type EvalTask,
  type EvaluationOptions,
  type EvaluationSummary,
  type ClassificationDataset,
  type SegmentationDataset,
} from './evaluate.js';
export { writeEvalSynthCxr, EVAL_SYNTH_DEFAULTS, EVAL_SYNTH_QUICK, type EvalSynthOptions } from './synth.js';
