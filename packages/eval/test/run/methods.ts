/**
 * The two methods the runEvaluation tests compare: a randomly initialised PRIOR encoder
 * and one built with the global-only ablation (no local alignment, no reconstruction),
 * so a report has two rows to tell apart.
 */
import { type PriorConfig, deepMerge, parseConfig } from '@prior/prior';
import { randomInitEncoder } from '../../src/index.js';
import type { Method } from '../../src/tasks/common/method.js';

/** 'random init' and the global-only ablation, named `globalOnlyName`, both from `config`. */
export function randomAndGlobalOnly(config: PriorConfig, globalOnlyName: string): Method[] {
  const globalOnly = parseConfig(deepMerge(config, { model: { ablation: { localAlignment: false, imageReconstruction: false } } }) as PriorConfig);
  return [
    { name: 'random init', create: (s) => randomInitEncoder(config, { seed: s }) },
    { name: globalOnlyName, create: (s) => randomInitEncoder(globalOnly, { seed: s, name: globalOnlyName }) },
  ];
}
