/**
 * Dawn for Node settles its promises (onSubmittedWorkDone, mapAsync) by ticking the
 * device from a `setImmediate` loop for as long as one is pending: a busy loop that
 * holds a core for the whole wait. On a machine with few cores that is a core the
 * adapter needs, since lavapipe runs shaders on CPU threads. On the 2-core CI machine a
 * 1024³ matmul ran at 10-14 GFLOP/s with the loop and 15-16 with paced ticks (medians of
 * 12, runs alternated), using about a fifth less CPU.
 *
 * `paceDawnTicks()` wraps the global `setImmediate` so that native callbacks (in
 * practice only Dawn's tick is handed to it as one) run from `setTimeout` (about 1 ms
 * later) once a wait has lasted `spinMs`; before that they run at once, so short waits
 * keep their latency. JavaScript callbacks pass through untouched. Set
 * PRIOR_DAWN_TICKS=spin to leave Dawn's loop as it is (e.g. to compare).
 */
const PACED = Symbol.for('prior.pacedDawnTicks');

/** A wait is over when no native tick was asked for this long. */
const GAP_MS = 4;

type Schedule = (fn: (...args: unknown[]) => void, ...args: unknown[]) => unknown;

/** The wrapper around `immediate`; `later` is setTimeout(fn, 0, ...args), `now` a clock in ms. */
export function pacedImmediate(immediate: Schedule, later: Schedule, now: () => number, spinMs: number): Schedule {
  const toString = Function.prototype.toString;
  let waitStart = -Infinity;
  let lastTick = -Infinity;
  return (fn, ...args) => {
    if (typeof fn === 'function' && toString.call(fn).includes('[native code]')) {
      const t = now();
      if (t - lastTick > GAP_MS) waitStart = t;
      lastTick = t;
      if (t - waitStart > spinMs) return later(fn, ...args);
    }
    return immediate(fn, ...args);
  };
}

/** Installs the wrapper on the global `setImmediate`, once per process (Node only). */
export function paceDawnTicks(spinMs = 2): void {
  const g = globalThis as typeof globalThis & { [PACED]?: boolean };
  if (g[PACED] || typeof g.setImmediate !== 'function' || typeof process === 'undefined') return;
  if (process.env.PRIOR_DAWN_TICKS === 'spin') return;
  g[PACED] = true;
  const immediate = g.setImmediate as unknown as Schedule;
  const later: Schedule = (fn, ...args) => setTimeout(fn, 0, ...args);
  // Object.assign keeps setImmediate's own properties (util.promisify's custom hook).
  g.setImmediate = Object.assign(pacedImmediate(immediate, later, () => performance.now(), spinMs), g.setImmediate) as unknown as typeof setImmediate;
}
