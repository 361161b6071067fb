/**
 * @prior/prior — the PRIOR method (shared/PRIOR.md): its configuration, the Hungarian
 * matching, every loss term as a differentiable function, and token masking.
 */
export { ConfigError, MatchingError } from './errors.js';
export * from './config/index.js';
export { linearSumAssignment, assignmentCost, type Assignment, type CostMatrix } from './matching/hungarian.js';
export * from './losses/index.js';
export { maskChannels, maskRegions, maskTokens, maskedRegionCount, type MaskOptions, type Masked } from './masking.js';
export { prototypeUsage, type PrototypeUsage } from './metrics/prototype-usage.js';
export * from './model/index.js';
export * from './data/index.js';
export * from './train/index.js';
