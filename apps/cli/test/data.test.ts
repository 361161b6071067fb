import { appendFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prior, removeDir, tempDir } from './helpers.js';

const LAYOUTS = ['mimic', 'chexpert', 'rsna', 'siim', 'covidx', 'nih'];
let dir: string;

beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

describe('prior data synth + data check', () => {
  it('writes every layout, and each checks clean', async () => {
    const r = await prior(['data', 'synth', '--out', `${dir}/all`, '--count', '4', '--size', '64', '--seed', '3']);
    expect(r.code).toBe(0);
    for (const l of LAYOUTS) expect(r.stdout).toContain(`${l}: `);
    expect(r.stderr).toContain('wrote 6 layouts');
    for (const l of LAYOUTS) {
      const c = await prior(['data', 'check', l, `${dir}/all/${l}`]);
      expect(c.stdout, c.stderr).toMatch(/OK\n$/);
      expect(c.code).toBe(0);
      expect(c.stdout).toMatch(/image files found +[1-9]/);
    }
  });

  it('one layout goes straight into --out, and --json reports the counts', async () => {
    const r = await prior(['data', 'synth', '--out', `${dir}/rsna`, '--layout', 'rsna', '--count', '5', '--size', '64']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rsna: 5 images');
    const c = await prior(['data', 'check', 'rsna', `${dir}/rsna`, '--json']);
    expect(c.code).toBe(0);
    const f = JSON.parse(c.stdout);
    expect(f).toMatchObject({ ok: true, layout: 'rsna', missing: [], malformed: [] });
    expect(f.counts.images).toBe(5);
  });

  it('the same seed writes the same files', async () => {
    await prior(['data', 'synth', '--out', `${dir}/a`, '--layout', 'covidx', '--count', '3', '--size', '64', '--seed', '9']);
    await prior(['data', 'synth', '--out', `${dir}/b`, '--layout', 'covidx', '--count', '3', '--size', '64', '--seed', '9']);
    const list = async (d: string) => (await readdir(d, { recursive: true })).sort();
    expect(await list(`${dir}/a`)).toEqual(await list(`${dir}/b`));
  });
});

describe('prior data check on broken data sets', () => {
  it('a malformed CSV line fails with the file and line named', async () => {
    await prior(['data', 'synth', '--out', `${dir}/bad-csv`, '--layout', 'rsna', '--count', '3', '--size', '64']);
    await appendFile(`${dir}/bad-csv/stage_2_train_labels.csv`, 'abc,1,2\n');
    const c = await prior(['data', 'check', 'rsna', `${dir}/bad-csv`]);
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/stage_2_train_labels\.csv:\d+/);
    expect(c.stdout).toContain('FAILED');
  });

  it('missing and corrupt images are listed by file', async () => {
    await prior(['data', 'synth', '--out', `${dir}/bad-img`, '--layout', 'covidx', '--count', '4', '--size', '64']);
    const train = (await readdir(`${dir}/bad-img/train`)).sort();
    await rm(`${dir}/bad-img/train/${train[0]}`);
    await writeFile(`${dir}/bad-img/train/${train[1]}`, new Uint8Array([1, 2, 3, 4]));
    const c = await prior(['data', 'check', 'covidx', `${dir}/bad-img`, '--decode', '100']);
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/missing \(1\):\n.*/);
    expect(c.stdout).toContain(`train/${train[0]}`);
    expect(c.stdout).toMatch(/malformed \(1\):\n.*/);
    expect(c.stdout).toContain(`train/${train[1]}`);
  });

  it('a directory that is not there is named', async () => {
    const c = await prior(['data', 'check', 'nih', `${dir}/nowhere`]);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('<path>: expected a directory');
  });

  it('an empty directory fails with the missing file named', async () => {
    await mkdir(`${dir}/empty`);
    const c = await prior(['data', 'check', 'siim', `${dir}/empty`]);
    expect(c.code).toBe(1);
    expect(c.stdout).toContain('train-rle.csv: file not found');
  });
});
