export { Optimizer, OptimizerError, type OptimizerState, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
export { SGD, type SgdOptions } from './sgd.js';
export { Adam, AdamW, type AdamOptions, type AdamImplOptions } from './adam.js';
export { clipGradNorm, type ClipGradNormOptions } from './clip-grad-norm.js';
