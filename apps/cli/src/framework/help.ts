/** Help text generated from the command specs, so every flag is documented where it is declared. */
import type { CommandSpec, OptionSpec } from './command.js';

const PROGRAM = 'prior';

function usage(c: CommandSpec): string {
  const args = c.args.map((a) => {
    const body = `<${a.name}${a.variadic ? '...' : ''}>`;
    return a.optional ? `[${body}]` : body;
  });
  return [PROGRAM, ...c.path, ...args, c.options.length ? '[options]' : ''].filter(Boolean).join(' ');
}

function optionLabel(o: OptionSpec): string {
  const value = o.type === 'boolean' ? '' : ` ${o.valueName ?? (o.choices ? `<${o.choices.join('|')}>` : '<value>')}`;
  return `${o.short ? `-${o.short}, ` : ''}--${o.name}${value}`;
}

function optionNotes(o: OptionSpec): string {
  const notes: string[] = [];
  if (o.required) notes.push('required');
  if (o.default !== undefined && o.default !== false) notes.push(`default: ${o.default}`);
  if (o.multiple) notes.push('repeatable');
  return notes.length ? ` (${notes.join('; ')})` : '';
}

function table(rows: [string, string][]): string[] {
  const w = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`);
}

export function commandHelp(c: CommandSpec): string {
  const lines = [`Usage: ${usage(c)}`, '', c.summary];
  if (c.description) lines.push('', c.description);
  if (c.args.length) lines.push('', 'Arguments:', ...table(c.args.map((a) => [`<${a.name}>`, a.description + (a.choices ? ` (${a.choices.join(', ')})` : '')])));
  const opts: [string, string][] = c.options.map((o) => [optionLabel(o), o.description + optionNotes(o)]);
  opts.push(['-h, --help', 'Show this help']);
  lines.push('', 'Options:', ...table(opts));
  if (c.examples?.length) lines.push('', 'Examples:', ...c.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

/** The top-level help: every command with its summary and flags. */
export function programHelp(commands: CommandSpec[], version: string): string {
  const lines = [
    `${PROGRAM} ${version}: PRIOR (prototype representation learning from chest X-rays and reports)`,
    '',
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...table(commands.map((c) => [c.path.join(' '), c.summary])),
    '',
    'Flags of each command:',
  ];
  for (const c of commands) {
    lines.push(`  ${c.path.join(' ')}: ${c.options.map((o) => `--${o.name}`).join(' ') || '(none)'}`);
  }
  lines.push('', 'Global options:', ...table([['-h, --help', 'Show help (after a command: that command\'s help)'], ['-V, --version', 'Show the version']]));
  lines.push('', `Run '${PROGRAM} <command> --help' for a command's arguments and flags.`, 'Exit codes: 0 success, 1 failure, 2 bad command line, 130 interrupted.');
  return `${lines.join('\n')}\n`;
}
