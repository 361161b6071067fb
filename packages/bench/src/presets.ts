/** Suite settings for the full run and for --quick. */
import { PEER_NAMES, type SuiteOptions } from './suite.js';
import { fullWorkloads, quickWorkloads } from './workloads.js';

type Preset = Omit<SuiteOptions, 'log'>;

/** Under 15 minutes on a 2-core machine: 5 timed runs, at most ~8 s of them per cell. */
export function fullPreset(): Preset {
  return {
    quick: false,
    workloads: fullWorkloads(),
    timing: { reps: 5, warmup: 1, budgetMs: 8000 },
    cellCapMs: 45_000,
    deadlineMs: 12 * 60_000,
    ceiling: { reps: 5, targetMs: 200 },
    peers: PEER_NAMES,
    synth: { studies: 2000, size: 128 },
  };
}

/** Under 2 minutes: smaller set, 3 timed runs within ~2.5 s per cell. */
export function quickPreset(): Preset {
  return {
    quick: true,
    workloads: quickWorkloads(),
    timing: { reps: 3, warmup: 1, budgetMs: 2500 },
    cellCapMs: 12_000,
    deadlineMs: 90_000,
    ceiling: { reps: 3, targetMs: 100 },
    peers: PEER_NAMES,
    synth: { studies: 200, size: 128 },
  };
}
