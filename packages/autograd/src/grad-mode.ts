/**
 * Whether ops record onto the tape. `noGrad` turns recording off for evaluation and
 * for parameter updates; it works with async functions, restoring the mode when the
 * promise settles (so do not interleave unrelated async work inside it).
 */
let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

function withMode<T>(mode: boolean, fn: () => T): T {
  const prev = enabled;
  enabled = mode;
  let result: T;
  try {
    result = fn();
  } catch (e) {
    enabled = prev;
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(() => {
      enabled = prev;
    }) as T;
  }
  enabled = prev;
  return result;
}

/** Runs `fn` without recording any op. */
export function noGrad<T>(fn: () => T): T {
  return withMode(false, fn);
}

/** Runs `fn` with recording on (inside a `noGrad`). */
export function enableGrad<T>(fn: () => T): T {
  return withMode(true, fn);
}
