/**
 * `--compare <name=run dir>` of `prior eval` and `prior report`: other runs shown beside
 * this one (e.g. a global-only ablation). Repeatable, and a value may list several
 * pairs separated by commas.
 */
import { resolve } from 'node:path';
import { UsageError } from './errors.js';

export interface ComparedRun {
  name: string;
  /** Absolute run directory. */
  dir: string;
}

export function parseCompare(values: string | readonly string[] | undefined, cwd: string, command: string): ComparedRun[] {
  const all = values === undefined ? [] : typeof values === 'string' ? [values] : values;
  return all.flatMap((v) =>
    v.split(',').map((c) => {
      const m = /^([^=]+)=(.+)$/.exec(c.trim());
      if (!m || m[1].trim() === '' || m[2].trim() === '') throw new UsageError(`--compare: expected <name>=<run dir>, got ${JSON.stringify(c.trim())}`, command);
      return { name: m[1].trim(), dir: resolve(cwd, m[2].trim()) };
    }),
  );
}
