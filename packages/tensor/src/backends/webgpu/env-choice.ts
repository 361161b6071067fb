/**
 * Environment variables that pin one of a few named choices (kernel variants and forms,
 * for A/B timing): unset or empty means no choice; anything else must be one of them.
 */
import { BackendError } from '../../errors.js';

/** The value of `name` if set, null if unset or empty; throws naming the variable and the values otherwise. */
export function envChoice<T extends string>(name: string, values: readonly T[]): T | null {
  const e = typeof process !== 'undefined' ? process.env?.[name] : undefined;
  if (e === undefined || e === '') return null;
  if (!(values as readonly string[]).includes(e)) throw new BackendError(`${name}='${e}' is not one of ${values.join(', ')}`);
  return e as T;
}
