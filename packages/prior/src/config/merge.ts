/**
 * Deep merge of overrides onto a base configuration:
 * - objects merge key by key, recursively;
 * - an array replaces the base value wholesale;
 * - an object whose keys are indices patches a base array element by element
 *   (`{ stages: { 2: { peakLr: 1e-6 } } }` changes only the third stage);
 * - `null` removes a field (so a stage can switch from `epochs` to `steps`);
 * - anything else replaces the base value (validation happens afterwards).
 * Neither input is modified.
 */
import { ConfigError } from '../errors.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const clone = (v: unknown): unknown => (Array.isArray(v) ? v.map(clone) : isPlainObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)])) : v);

export function deepMerge(base: unknown, override: unknown, path = ''): unknown {
  if (override === undefined) return clone(base);
  if (Array.isArray(base) && isPlainObject(override)) {
    const out = base.map(clone);
    for (const [key, patch] of Object.entries(override)) {
      const i = Number(key);
      const where = `${path}[${key}]`;
      if (!/^\d+$/.test(key) || i >= base.length) {
        throw new ConfigError(where, '', patch, `cannot patch: the base has indices 0 to ${base.length - 1} (give an array to replace it)`);
      }
      out[i] = deepMerge(base[i], patch, where);
    }
    return out;
  }
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(base)) out[k] = clone(v);
    for (const [k, v] of Object.entries(override)) {
      if (v === null) delete out[k];
      else out[k] = deepMerge(base[k], v, path ? `${path}.${k}` : k);
    }
    return out;
  }
  return clone(override);
}
