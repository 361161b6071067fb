/**
 * runChildren (framework/child.ts), which the demo uses to run two `prior` commands at
 * once: both run, each line comes through under its label, exit codes and wall times come
 * back per job, and the entry point resolves to the built CLI when run from source.
 */
import { describe, expect, it } from 'vitest';
import { cliEntry, runChildren } from '../src/framework/child.js';
import { CLI } from './helpers.js';

function capture() {
  const out: string[] = [];
  const log: string[] = [];
  return { out, log, ctx: { out: (l: string) => out.push(l), log: (l: string) => log.push(l), interactive: false, cwd: process.cwd() } };
}

describe('runChildren', () => {
  it('runs prior commands side by side with labelled lines and per-job exit codes', async () => {
    expect(cliEntry()).toBe(CLI);
    const { out, log, ctx } = capture();
    const outcomes = await runChildren(
      [
        { label: 'a', argv: ['--version'] },
        { label: 'b', argv: ['pretrain', '--no-such-flag'] },
      ],
      ctx,
    );
    expect(outcomes.map((o) => [o.label, o.code])).toEqual([['a', 0], ['b', 2]]);
    expect(outcomes.every((o) => o.seconds > 0)).toBe(true);
    expect(out.some((l) => /^\[a\] \d+\.\d+\.\d+/.test(l))).toBe(true);
    expect(log.some((l) => l.startsWith('[b] ') && l.includes('--no-such-flag'))).toBe(true);
    expect(out.some((l) => l.startsWith('[b] '))).toBe(false);
  });
});
