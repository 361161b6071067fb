/**
 * A small validation layer for the configuration: each schema checks a value at a path
 * and returns it typed, or throws a ConfigError naming the path, what was expected and
 * what was found. Objects reject unknown keys, so a typo is an error rather than a
 * silently ignored setting. No dependency, so it runs unchanged in a browser.
 */
import { ConfigError } from '../errors.js';

export interface Schema<T> {
  /** Validates `value` found at `path`; returns it (copied for objects and arrays). */
  parse(value: unknown, path: string): T;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

export interface NumberRule {
  /** Integers only. */
  int?: boolean;
  min?: number;
  max?: number;
  /** Strict lower bound. */
  above?: number;
  /** Strict upper bound. */
  below?: number;
}

function numberExpectation(r: NumberRule): string {
  const bounds = [
    r.min !== undefined ? `>= ${r.min}` : '',
    r.above !== undefined ? `> ${r.above}` : '',
    r.max !== undefined ? `<= ${r.max}` : '',
    r.below !== undefined ? `< ${r.below}` : '',
  ].filter(Boolean);
  return `${r.int ? 'an integer' : 'a number'}${bounds.length ? ` ${bounds.join(' and ')}` : ''}`;
}

export function number(rule: NumberRule = {}): Schema<number> {
  const expected = numberExpectation(rule);
  return {
    parse(v, path) {
      const ok =
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (!rule.int || Number.isInteger(v)) &&
        (rule.min === undefined || v >= rule.min) &&
        (rule.max === undefined || v <= rule.max) &&
        (rule.above === undefined || v > rule.above) &&
        (rule.below === undefined || v < rule.below);
      if (!ok) throw new ConfigError(path, expected, v);
      return v as number;
    },
  };
}

export function boolean(): Schema<boolean> {
  return {
    parse(v, path) {
      if (typeof v !== 'boolean') throw new ConfigError(path, 'true or false', v);
      return v;
    },
  };
}

export function literal<const L extends readonly (string | number)[]>(...options: L): Schema<L[number]> {
  const expected = `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`;
  return {
    parse(v, path) {
      if (!options.includes(v as L[number])) throw new ConfigError(path, expected, v);
      return v as L[number];
    },
  };
}

export function array<T>(item: Schema<T>, opts: { minLength?: number; length?: number } = {}): Schema<T[]> {
  const { minLength = 0, length } = opts;
  const expected = length !== undefined ? `an array of length ${length}` : `an array of at least ${minLength} item${minLength === 1 ? '' : 's'}`;
  return {
    parse(v, path) {
      if (!Array.isArray(v) || v.length < minLength || (length !== undefined && v.length !== length)) throw new ConfigError(path, expected, v);
      return v.map((x, i) => item.parse(x, `${path}[${i}]`));
    },
  };
}

/** Marks a field that may be absent (then it is left out of the result). */
export interface Optional<T> {
  optional: Schema<T>;
}

export function optional<T>(s: Schema<T>): Optional<T> {
  return { optional: s };
}

type Field<T> = undefined extends T ? Optional<Exclude<T, undefined>> | Schema<T> : Schema<T>;
export type Shape<T> = { [K in keyof T]-?: Field<T[K]> };

/**
 * An object with exactly the keys of `shape`. `check` runs after the fields are valid
 * and may throw a ConfigError for rules between fields.
 */
export function object<T extends object>(shape: Shape<T>, check?: (value: T, path: string) => void): Schema<T> {
  const keys = Object.keys(shape) as (keyof T & string)[];
  return {
    parse(v, path) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(path, 'an object', v);
      const src = v as Record<string, unknown>;
      for (const k of Object.keys(src)) {
        if (!keys.includes(k as keyof T & string)) {
          throw new ConfigError(join(path, k), '', src[k], `unknown field (expected one of ${keys.join(', ')})`);
        }
      }
      const out = {} as Record<string, unknown>;
      for (const k of keys) {
        const f = shape[k] as Schema<unknown> | Optional<unknown>;
        if ('optional' in f) {
          if (src[k] !== undefined) out[k] = f.optional.parse(src[k], join(path, k));
        } else {
          out[k] = f.parse(src[k], join(path, k));
        }
      }
      check?.(out as T, path);
      return out as T;
    },
  };
}
