/** How a command declares its arguments and flags; help text and parsing both come from this. */

export type OptionType = 'string' | 'int' | 'number' | 'boolean';

export interface OptionSpec {
  /** Long name without dashes, e.g. `count`. */
  name: string;
  short?: string;
  type: OptionType;
  description: string;
  /** Placeholder shown in help, e.g. `<dir>`. */
  valueName?: string;
  choices?: readonly string[];
  default?: string | number | boolean;
  required?: boolean;
  /** Smallest accepted value for int/number flags. */
  min?: number;
  max?: number;
  /** May be given more than once; the value is then a list. */
  multiple?: boolean;
}

export interface ArgSpec {
  name: string;
  description: string;
  optional?: boolean;
  /** Takes every remaining positional argument (at least one unless optional). */
  variadic?: boolean;
  choices?: readonly string[];
}

export type OptionValue = string | number | boolean | string[] | number[] | undefined;

export interface Parsed {
  args: Record<string, string | string[] | undefined>;
  options: Record<string, OptionValue>;
}

export interface Context {
  /** Results: stdout. */
  out(line: string): void;
  /** Progress, warnings and diagnostics: stderr. */
  log(line: string): void;
  /** Whether stderr is a terminal (live progress) or not (plain log lines). */
  interactive: boolean;
  cwd: string;
}

export interface CommandSpec {
  /** Words that select the command, e.g. ['data', 'synth']. */
  path: string[];
  summary: string;
  /** Longer help, shown under the usage line. */
  description?: string;
  args: ArgSpec[];
  options: OptionSpec[];
  examples?: string[];
  /** Returns the exit code (0 when omitted). */
  run(parsed: Parsed, ctx: Context): Promise<number | void>;
}
