/** Zero-shot classification with class prompts, scored as PRIOR does. */
export { runZeroShot, zeroShotScores, type ZeroShotOptions, type ZeroShotScores } from './task.js';
export { combineZeroShotScores, averageByClass } from './combine.js';
export { DEFAULT_TEMPLATES, ENSEMBLE_TEMPLATES, classPrompts, fillTemplate } from './prompts.js';
