/** Supervised classification: linear probe and full fine-tuning at label fractions, over seeds. */
export { runClassification, DEFAULT_FRACTIONS, type ClassificationTaskOptions, type ClassificationRun } from './task.js';
export { linearProbe, PROBE_DEFAULTS, type ProbeOptions, type ProbeResult, type FeatureSplit } from './linear-probe.js';
export { fineTune, FINE_TUNE_DEFAULTS, type FineTuneOptions, type ImageSplit } from './fine-tune.js';
export { targetTensor, headLoss, toProbabilities, epochBatches } from './head.js';
