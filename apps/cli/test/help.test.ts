import { describe, expect, it } from 'vitest';
import { prior } from './helpers.js';

const COMMANDS: Record<string, string[]> = {
  doctor: ['--json', '--require-gpu'],
  'data synth': ['--out', '--layout', '--count', '--size', '--seed'],
  'data check': ['--decode', '--json'],
  pretrain: ['--config', '--out', '--data', '--synth-subjects', '--resume', '--backend'],
  eval: ['--run', '--checkpoint', '--task', '--data', '--synth', '--out', '--compare', '--no-random', '--datasets', '--fractions', '--seeds', '--fine-tune-epochs', '--fine-tune-seeds', '--backend'],
  embed: ['--run', '--checkpoint', '--backend', '--kind', '--out', '--batch'],
  'zero-shot': ['--run', '--checkpoint', '--backend', '--labels', '--template', '--json'],
  retrieve: ['--run', '--checkpoint', '--backend', '--reports', '--top', '--json'],
  heatmap: ['--run', '--checkpoint', '--backend', '--report', '--sentence', '--opacity', '--out'],
  report: ['--out', '--compare'],
  demo: ['--out', '--quick', '--seeds', '--backend'],
};

describe('prior --help', () => {
  it('lists every command and every flag', async () => {
    const r = await prior(['--help']);
    expect(r.code).toBe(0);
    for (const [cmd, flags] of Object.entries(COMMANDS)) {
      expect(r.stdout).toContain(cmd);
      for (const f of flags) expect(r.stdout).toMatch(new RegExp(`${cmd}:.*${f}\\b`));
    }
  });

  it.each(Object.entries(COMMANDS))("'%s --help' documents each flag", async (cmd, flags) => {
    const r = await prior([...cmd.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: prior ${cmd}`);
    for (const f of flags) expect(r.stdout).toMatch(new RegExp(`${f}\\b.* \\S`));
  });

  it('prints the version', async () => {
    const r = await prior(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('command-line errors', () => {
  it('no arguments: help on stderr, exit 2', async () => {
    const r = await prior([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Commands:');
  });

  it('an unknown command is named', async () => {
    const r = await prior(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });

  it('a group without its subcommand lists them', async () => {
    const r = await prior(['data']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('synth, check');
  });

  it('an unknown flag is named', async () => {
    const r = await prior(['data', 'synth', '--out', 'x', '--colour', 'red']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown flag --colour');
    expect(r.stderr).toContain("prior data synth --help");
  });

  it('a bad value names the flag and the expected value', async () => {
    const r = await prior(['data', 'synth', '--out', 'x', '--count', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--count: expected an integer >= 1, got "many"');
    const s = await prior(['data', 'synth', '--out', 'x', '--size', '8']);
    expect(s.stderr).toContain('--size: expected an integer from 64 to 512, got "8"');
    const l = await prior(['data', 'synth', '--out', 'x', '--layout', 'padchest']);
    expect(l.stderr).toContain('--layout: expected one of mimic, chexpert, rsna, siim, covidx, nih, all, got "padchest"');
  });

  it('a missing required flag or argument is named', async () => {
    const r = await prior(['data', 'synth']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing --out <dir>');
    const c = await prior(['data', 'check', 'mimic']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('missing argument <path>');
    const l = await prior(['data', 'check', 'padchest', '.']);
    expect(l.stderr).toContain('<layout>: expected one of mimic, chexpert');
  });
});
