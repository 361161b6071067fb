/** The `prior` executable: argv in, exit code out. */
import { createRequire } from 'node:module';
import { COMMANDS } from './commands/index.js';
import { dispatch } from './framework/dispatch.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const code = await dispatch(
  { version, commands: COMMANDS },
  process.argv.slice(2),
  {
    out: (line) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`),
    log: (line) => process.stderr.write(line.endsWith('\n') ? line : `${line}\n`),
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
    cwd: process.cwd(),
  },
);
// Let pending output drain, then exit even if a library left a handle open (e.g. a GPU device).
process.exitCode = code;
setImmediate(() => process.exit(code));
