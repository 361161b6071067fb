/** Encoder adapters: PRIOR (and its ablations) through `priorEncoder`, the random-init baseline, checkpoint loading. */
export { priorEncoder, type PriorEncoderOptions } from './prior-encoder.js';
export { randomInitEncoder, type RandomInitOptions } from './random-init.js';
export { loadPriorEncoder, loadPriorModel, checkpointConfig, CHECKPOINT_CONFIG_KEY, type LoadPriorOptions } from './load.js';
