/** From argv to a command's run: help, version, command lookup, parsing and the exit code. */
import type { CommandSpec, Context } from './command.js';
import { UsageError, describeFailure } from './errors.js';
import { commandHelp, programHelp } from './help.js';
import { parseCommandLine } from './parse.js';

export interface Program {
  version: string;
  commands: CommandSpec[];
}

const wantsHelp = (argv: string[]): boolean => {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

/** The command whose path is the longest prefix of argv. */
function lookup(commands: CommandSpec[], argv: string[]): CommandSpec | undefined {
  let best: CommandSpec | undefined;
  for (const c of commands) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best;
}

/** Runs the program and returns its exit code; never throws. */
export async function dispatch(program: Program, argv: string[], ctx: Context): Promise<number> {
  const { commands } = program;
  if (argv.length === 0) {
    ctx.log(programHelp(commands, program.version));
    return 2;
  }
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    const c = argv[0] === 'help' ? lookup(commands, argv.slice(1)) : undefined;
    ctx.out(c ? commandHelp(c) : programHelp(commands, program.version));
    return 0;
  }
  if (argv[0] === '--version' || argv[0] === '-V') {
    ctx.out(program.version);
    return 0;
  }
  const command = lookup(commands, argv);
  let where = '';
  try {
    if (!command) {
      const group = commands.filter((c) => c.path.length > 1 && c.path[0] === argv[0]);
      if (group.length) throw new UsageError(`'${argv[0]}' needs a subcommand: ${group.map((c) => c.path.slice(1).join(' ')).join(', ')}${argv[1] ? ` (got ${JSON.stringify(argv[1])})` : ''}`, argv[0]);
      throw new UsageError(`unknown command ${JSON.stringify(argv[0])}; commands: ${[...new Set(commands.map((c) => c.path[0]))].join(', ')}`);
    }
    where = command.path.join(' ');
    const rest = argv.slice(command.path.length);
    if (wantsHelp(rest)) {
      ctx.out(commandHelp(command));
      return 0;
    }
    const code = await command.run(parseCommandLine(command, rest), ctx);
    return code ?? 0;
  } catch (e) {
    const f = describeFailure(e);
    ctx.log(`prior${where ? ` ${where}` : ''}: error: ${f.message}`);
    if (e instanceof UsageError) ctx.log(`Run 'prior ${e.command ? `${e.command} ` : ''}--help' for usage.`);
    if (f.showStack && e instanceof Error && e.stack) ctx.log(e.stack);
    return f.exitCode;
  }
}
