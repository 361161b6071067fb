/** The evaluation harness and the SynthCXR evaluation tree. */
export { runEvaluation, EVAL_TASKS, type EvalTask, type EvaluationOptions, type EvaluationSummary, type ClassificationDataset } from './evaluate.js';
export { writeEvalSynthCxr, EVAL_SYNTH_DEFAULTS, type EvalSynthOptions } from './synth.js';
