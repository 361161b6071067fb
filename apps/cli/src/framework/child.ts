/**
 * Other `prior` commands in child processes, so independent long jobs (two pre-training
 * runs, two halves of an evaluation) use more than one core: the cpu backend and the
 * training loop run on one thread each. Each child's lines come through prefixed with its
 * label; Ctrl-C reaches each child once (they run in their own process groups, so the
 * terminal's SIGINT goes to this process only) and each writes its checkpoint as usual.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Context } from './command.js';

export interface ChildJob {
  /** Prefix of the child's lines, e.g. `PRIOR`. */
  label: string;
  /** `prior` arguments, e.g. ['pretrain', '--config', 'x.json']. */
  argv: readonly string[];
}

export interface ChildOutcome {
  label: string;
  code: number;
  seconds: number;
}

/** The executable script: this bundle (dist/cli.js), or the built one when run from source (tests). */
export function cliEntry(): string {
  const here = fileURLToPath(import.meta.url);
  return /[\\/]dist[\\/]cli\.js$/.test(here) ? here : fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
}

function pipeLines(stream: NodeJS.ReadableStream | null, write: (line: string) => void, prefix: string): Promise<void> {
  if (!stream) return Promise.resolve();
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  rl.on('line', (line) => write(`${prefix}${line}`));
  return new Promise((done) => rl.once('close', () => done()));
}

function start(job: ChildJob, ctx: Context): { child: ChildProcess; done: Promise<ChildOutcome> } {
  const t0 = performance.now();
  const child = spawn(process.execPath, [cliEntry(), ...job.argv], { cwd: ctx.cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const prefix = `[${job.label}] `;
  const piped = Promise.all([pipeLines(child.stdout, (l) => ctx.out(l), prefix), pipeLines(child.stderr, (l) => ctx.log(l), prefix)]);
  const done = new Promise<ChildOutcome>((resolveDone) => {
    child.once('error', (e) => {
      ctx.log(`${prefix}could not start: ${e.message}`);
      resolveDone({ label: job.label, code: 1, seconds: (performance.now() - t0) / 1000 });
    });
    child.once('close', async (code, signal) => {
      await piped;
      resolveDone({ label: job.label, code: code ?? (signal === 'SIGINT' ? 130 : 1), seconds: (performance.now() - t0) / 1000 });
    });
  });
  return { child, done };
}

/** Runs the jobs at once and waits for all of them; outcomes in the order given. */
export async function runChildren(jobs: readonly ChildJob[], ctx: Context): Promise<ChildOutcome[]> {
  const running = jobs.map((j) => start(j, ctx));
  const live = () => running.filter((r) => r.child.exitCode === null && r.child.signalCode === null);
  const onInt = () => {
    ctx.log(`interrupted: asking ${live().length} job(s) to checkpoint and stop`);
    for (const r of live()) r.child.kill('SIGINT');
  };
  // Children in their own process groups outlive a crash of this one unless killed here.
  const onExit = () => {
    for (const r of live()) r.child.kill('SIGTERM');
  };
  process.on('SIGINT', onInt);
  process.on('exit', onExit);
  try {
    return await Promise.all(running.map((r) => r.done));
  } finally {
    process.off('SIGINT', onInt);
    process.off('exit', onExit);
  }
}
