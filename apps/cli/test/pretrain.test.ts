import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prior, removeDir, tempDir } from './helpers.js';

/** The tiny preset cut to seconds: 64 px images, batches of 4, a few steps per stage. */
const quick = (steps: number[]) => `extends: tiny
model:
  imageEncoder: { imageSize: 64 }
  textEncoder: { maxLen: 64, positions: 64 }
stages:
${steps.map((s, i) => `  ${i}: { steps: ${s}, warmup: 1 }`).join('\n')}
data: { batchSize: 4 }
run: { checkpointEverySteps: 0 }
`;

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
  await writeFile(`${dir}/quick.yaml`, quick([2, 1, 1]));
  await writeFile(`${dir}/long.yaml`, quick([40, 1, 1]));
  // One SynthCXR tree shared by the runs (its vocabulary is cached beside it).
  const r = await prior(['data', 'synth', '--out', `${dir}/mimic`, '--layout', 'mimic', '--count', '40', '--size', '64']);
  expect(r.code).toBe(0);
});
afterAll(() => removeDir(dir));

const pretrainArgs = (config: string, out: string) => ['pretrain', '--config', config, '--out', out, '--data', `${dir}/mimic`, '--backend', 'cpu'];

describe('configuration errors name the field', () => {
  it('a bad value in YAML', async () => {
    await writeFile(`${dir}/bad.yaml`, 'extends: tiny\ndata: { batchSize: 0 }\n');
    const r = await prior(pretrainArgs('bad.yaml', 'r-bad'), { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml: data\.batchSize: expected .*got 0/);
  });

  it('a misspelt field in JSON', async () => {
    await writeFile(`${dir}/typo.json`, JSON.stringify({ extends: 'tiny', model: { embedDimm: 32 } }));
    const r = await prior(pretrainArgs('typo.json', 'r-typo'), { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('typo.json: model.embedDimm');
  });

  it('an unknown preset in extends, broken YAML, and a missing file', async () => {
    await writeFile(`${dir}/ext.yaml`, 'extends: huge\n');
    const e = await prior(pretrainArgs('ext.yaml', 'r-ext'), { cwd: dir });
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('ext.yaml: extends: expected one of "paper", "tiny"');
    await writeFile(`${dir}/broken.yaml`, 'model: [1,\n');
    const b = await prior(pretrainArgs('broken.yaml', 'r-broken'), { cwd: dir });
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/broken\.yaml:\d+:\d+: not valid YAML/);
    const m = await prior(pretrainArgs('nope.yaml', 'r-nope'), { cwd: dir });
    expect(m.code).toBe(1);
    expect(m.stderr).toContain('--config: expected a preset (paper, tiny) or a JSON/YAML file, got "nope.yaml" (no such file)');
    expect(existsSync(`${dir}/r-bad`)).toBe(false);
  });
});

describe('prior pretrain + report', () => {
  it('runs every stage, writes the run directory, and reports it', async () => {
    const r = await prior(pretrainArgs('quick.yaml', 'run'), { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^completed: step 4\/4 /);
    // Not a terminal: plain progress lines naming the stage, loss, speed and ETA.
    expect(r.stderr).toMatch(/stage 3\/3 stage3 step 4\/4 \| loss \d+\.\d+ \| \d+\.\d img\/s \| ETA \d+s/);
    const run = JSON.parse(await readFile(`${dir}/run/run.json`, 'utf8'));
    expect(run).toMatchObject({ status: 'completed', step: 4, totalSteps: 4, backend: 'cpu', synthetic: false });
    expect((await readdir(`${dir}/run/checkpoints`)).some((f) => f.endsWith('.safetensors'))).toBe(true);
    expect((await readFile(`${dir}/run/metrics.jsonl`, 'utf8')).trim().split('\n')).toHaveLength(4);
    // One held-out retrieval check per stage, logged and kept in heldout.jsonl.
    const held = (await readFile(`${dir}/run/heldout.jsonl`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(held.map((h) => h.stageName)).toEqual(['stage1', 'stage2', 'stage3']);
    expect(held[0].n).toBeGreaterThanOrEqual(2);
    expect(r.stderr).toMatch(/held-out retrieval after stage3 \(step 4, \d+ pairs\): top-1 \d+\.\d%, top-5 \d+\.\d% \(chance /);

    const again = await prior(pretrainArgs('quick.yaml', 'run'), { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--out: ');
    expect(again.stderr).toContain('--resume');

    const rep = await prior(['report', 'run'], { cwd: dir });
    expect(rep.code, rep.stderr).toBe(0);
    const md = await readFile(`${dir}/run/report/report.md`, 'utf8');
    expect(md).toContain('| stage1 | 2 |');
    expect(md).toContain('![');
    const png = await readFile(`${dir}/run/report/loss-by-stage.png`);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });

  it('--data on a tree ensureSynthCxr wrote (the demo shares one) records the run as SynthCXR', async () => {
    const synth = await prior(['data', 'synth', '--out', `${dir}/marked`, '--layout', 'mimic', '--count', '12', '--size', '64']);
    expect(synth.code, synth.stderr).toBe(0);
    await writeFile(`${dir}/marked/synthcxr.json`, JSON.stringify({ format: 'synthcxr-mimic/1', subjects: 12, size: 64, seed: 0 }));
    const r = await prior(['pretrain', '--config', 'quick.yaml', '--out', 'run-marked', '--data', `${dir}/marked`, '--backend', 'cpu'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(await readFile(`${dir}/run-marked/run.json`, 'utf8'))).toMatchObject({ synthetic: true, data: `${dir}/marked` });
    expect(r.stderr).not.toContain('generated SynthCXR');
  });

  it('Ctrl-C writes a checkpoint and --resume finishes the run', async () => {
    const r = await prior(pretrainArgs('long.yaml', 'run-int'), {
      cwd: dir,
      onStderr: (child, err) => {
        if (/step 1\/42/.test(err) && child.exitCode === null && !child.killed) child.kill('SIGINT');
      },
    });
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('interrupted: finishing the current step and writing a checkpoint');
    expect(r.stdout).toMatch(/^aborted: step \d+\/42/);
    expect(r.stderr).toContain('--resume');
    const step = Number(/aborted: step (\d+)/.exec(r.stdout)![1]);
    expect(step).toBeLessThan(42);
    expect(JSON.parse(await readFile(`${dir}/run-int/run.json`, 'utf8')).status).toBe('aborted');

    // Resume with a shorter first stage: the recorded configuration is used unless --config is given.
    await writeFile(`${dir}/short.yaml`, quick([step + 1, 1, 1]));
    const done = await prior(['pretrain', '--out', 'run-int', '--resume', '--config', 'short.yaml', '--backend', 'cpu'], { cwd: dir });
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(new RegExp(`^completed: step ${step + 3}/${step + 3}`));
  });
});
