/** Median-of-runs timing with a per-cell time budget, so slow peers cannot stall the suite. */

export interface TimingOptions {
  /** Timed runs wanted. */
  reps: number;
  /** Warm-up runs (pipeline compiles, pool fills, JIT). */
  warmup: number;
  /** Stop adding timed runs once this much time has been spent on them (at least one always runs). */
  budgetMs: number;
}

export interface Timing {
  median: number;
  samples: number[];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times `step` (which must finish its work, GPU included, before resolving) after
 * `settle` (which waits for anything queued before it). Timed runs stop at `reps`, or
 * earlier when one more (at the median so far) would exceed the budget.
 */
export async function timeSteps(step: () => Promise<void>, settle: () => Promise<void>, o: TimingOptions): Promise<Timing> {
  for (let i = 0; i < o.warmup; i++) {
    await settle();
    await step();
  }
  const samples: number[] = [];
  let spent = 0;
  while (samples.length < o.reps && (samples.length === 0 || spent + median(samples) <= o.budgetMs)) {
    await settle();
    const t0 = performance.now();
    await step();
    const dt = performance.now() - t0;
    samples.push(dt);
    spent += dt;
  }
  return { median: median(samples), samples };
}
