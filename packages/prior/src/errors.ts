/** Errors a user of @prior/prior can cause; each names the input and what was expected. */

/** A configuration value is missing, of the wrong kind, out of range or inconsistent. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    /** Dotted path of the bad field, e.g. `stages[2].lossWeights.spg` (empty for the root). */
    readonly path: string,
    /** What the field must be, e.g. `a number >= 0`. */
    readonly expected: string,
    /** The value found (undefined when the field is missing). */
    readonly got: unknown,
    /** A complete sentence instead of `expected …, got …` (for cross-field rules). */
    detail?: string,
  ) {
    super(`${path || '(config)'}: ${detail ?? `expected ${expected}, got ${describeValue(got)}`}`);
  }
}

/** Hungarian matching was given a cost matrix it cannot solve. */
export class MatchingError extends Error {
  override name = 'MatchingError';
}

/** A short, unambiguous rendering of a bad value for error messages. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}
