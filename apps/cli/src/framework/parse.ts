/**
 * Command-line parsing on node's util.parseArgs, then typing and validation against
 * the command's spec, so every error names the flag or argument and what it expects.
 */
import { parseArgs } from 'node:util';
import type { ArgSpec, CommandSpec, OptionSpec, OptionValue, Parsed } from './command.js';
import { UsageError } from './errors.js';

export const flag = (o: OptionSpec): string => `--${o.name}`;

export function expectedValue(o: OptionSpec): string {
  if (o.choices) return `one of ${o.choices.join(', ')}`;
  const range = o.min !== undefined && o.max !== undefined ? ` from ${o.min} to ${o.max}` : o.min !== undefined ? ` >= ${o.min}` : o.max !== undefined ? ` <= ${o.max}` : '';
  if (o.type === 'int') return `an integer${range}`;
  if (o.type === 'number') return `a number${range}`;
  return 'a value';
}

function convert(o: OptionSpec, raw: string, cmd: string): string | number {
  const bad = () => new UsageError(`${flag(o)}: expected ${expectedValue(o)}, got ${JSON.stringify(raw)}`, cmd);
  if (o.type === 'int' || o.type === 'number') {
    const v = raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(v) || (o.type === 'int' && !Number.isInteger(v))) throw bad();
    if ((o.min !== undefined && v < o.min) || (o.max !== undefined && v > o.max)) throw bad();
    return v;
  }
  if (o.choices && !o.choices.includes(raw)) throw bad();
  return raw;
}

function positionals(specs: ArgSpec[], values: string[], cmd: string): Parsed['args'] {
  const args: Parsed['args'] = {};
  let i = 0;
  for (const a of specs) {
    if (a.variadic) {
      const rest = values.slice(i);
      i = values.length;
      if (rest.length === 0 && !a.optional) throw new UsageError(`missing argument <${a.name}...>: ${a.description}`, cmd);
      args[a.name] = rest;
      continue;
    }
    const v = values[i++];
    if (v === undefined) {
      if (!a.optional) throw new UsageError(`missing argument <${a.name}>: ${a.description}`, cmd);
      continue;
    }
    if (a.choices && !a.choices.includes(v)) throw new UsageError(`<${a.name}>: expected one of ${a.choices.join(', ')}, got ${JSON.stringify(v)}`, cmd);
    args[a.name] = v;
  }
  if (i < values.length) throw new UsageError(`unexpected argument ${JSON.stringify(values[i])}`, cmd);
  return args;
}

/** Parses argv (the words after the command path) against the command's spec. */
export function parseCommandLine(spec: CommandSpec, argv: string[]): Parsed {
  const cmd = spec.path.join(' ');
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const o of spec.options) {
    config[o.name] = { type: o.type === 'boolean' ? 'boolean' : 'string', ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  let raw: ReturnType<typeof parseArgs>;
  try {
    raw = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(parseArgsMessage(e as Error & { code?: string }), cmd);
  }
  const options: Record<string, OptionValue> = {};
  for (const o of spec.options) {
    const v = raw.values[o.name];
    if (v === undefined) {
      if (o.required) throw new UsageError(`missing ${flag(o)} ${o.valueName ?? '<value>'}: ${o.description}`, cmd);
      options[o.name] = o.default;
    } else if (typeof v === 'boolean') options[o.name] = v;
    else if (Array.isArray(v)) options[o.name] = v.map((x) => convert(o, String(x), cmd)) as string[] | number[];
    else options[o.name] = convert(o, v, cmd);
  }
  return { args: positionals(spec.args, raw.positionals, cmd), options };
}

/** Rewords node's parseArgs errors into one line naming the flag. */
function parseArgsMessage(e: Error & { code?: string }): string {
  const m = /'(-[^']*)'/.exec(e.message);
  const name = m?.[1]?.split(/[ ,]/)[0];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${name ?? e.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (!name) return e.message;
      return /does not take/.test(e.message) ? `${name}: takes no value (it is a switch)` : `${name}: expected a value after it`;
    default:
      return e.message;
  }
}
