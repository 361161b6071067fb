import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { decodeSafetensors } from '@prior/nn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prior, removeDir, tempDir } from './helpers.js';

let dir: string;
let images: string[];
/** D of the trained run, read from the config the run wrote (the preset may change). */
let d: number;
const model = ['--run', 'run', '--backend', 'cpu'];

beforeAll(async () => {
  dir = await tempDir();
  await writeFile(
    `${dir}/quick.yaml`,
    'extends: tiny\nmodel: { imageEncoder: { imageSize: 64 }, textEncoder: { maxLen: 64, positions: 64 } }\nstages: { 0: { steps: 1, warmup: 1 }, 1: { steps: 1, warmup: 1 }, 2: { steps: 1, warmup: 1 } }\ndata: { batchSize: 4 }\n',
  );
  const r = await prior(['pretrain', '--config', 'quick.yaml', '--out', 'run', '--synth-subjects', '8', '--backend', 'cpu'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  const files = (await readdir(`${dir}/run/synthcxr/files`, { recursive: true })).filter((f) => f.endsWith('.jpg')).sort();
  images = files.slice(0, 3).map((f) => `run/synthcxr/files/${f}`);
  d = JSON.parse(await readFile(`${dir}/run/config.json`, 'utf8')).model.embedDim;
  await writeFile(`${dir}/reports.txt`, 'The heart is enlarged. There is a small left effusion.\n\nLungs are clear. No pneumothorax.\nThere is a right lower lobe opacity.\n');
});
afterAll(() => removeDir(dir));

describe('prior embed', () => {
  it('images to a safetensors file of unit vectors', async () => {
    const r = await prior(['embed', ...images, ...model, '--out', 'img.safetensors', '--batch', '2'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`3 images embedded (D=${d})`);
    const f = decodeSafetensors(new Uint8Array(await readFile(`${dir}/img.safetensors`)));
    const e = f.tensors.get('embeddings')!;
    expect(e).toMatchObject({ dtype: 'F32', shape: [3, d] });
    const v = new Float32Array(e.bytes.slice().buffer);
    for (let i = 0; i < 3; i++) expect(Math.hypot(...v.subarray(i * d, i * d + d))).toBeCloseTo(1, 4);
    expect(JSON.parse(f.metadata.inputs)).toEqual(images);
    expect(f.metadata.kind).toBe('images');
  });

  it('reports, one per file', async () => {
    await writeFile(`${dir}/a.txt`, 'The heart is enlarged. There is a small effusion.');
    await writeFile(`${dir}/b.txt`, 'Lungs are clear.');
    const r = await prior(['embed', 'a.txt', 'b.txt', '--kind', 'reports', ...model, '--out', 'rep.safetensors'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(decodeSafetensors(new Uint8Array(await readFile(`${dir}/rep.safetensors`))).tensors.get('embeddings')!.shape).toEqual([2, d]);
  });

  it('a run directory without a run is named', async () => {
    const r = await prior(['embed', ...images, '--run', 'nowhere', '--out', 'x.safetensors'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("nowhere: expected a run directory written by 'prior pretrain'");
  });
});

describe('prior zero-shot', () => {
  it('gives each image a probability per label', async () => {
    const r = await prior(['zero-shot', ...images.slice(0, 2), ...model, '--labels', 'cardiomegaly, pleural effusion,no finding', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(Object.keys(row.probabilities)).toEqual(['cardiomegaly', 'pleural effusion', 'no finding']);
      expect(Object.values(row.probabilities as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    const text = await prior(['zero-shot', images[0], ...model, '--labels', 'edema,no finding'], { cwd: dir });
    expect(text.stdout).toMatch(/: (edema|no finding) \(/);
  });

  it('needs two labels and a template with {label}', async () => {
    const one = await prior(['zero-shot', images[0], ...model, '--labels', 'edema'], { cwd: dir });
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('--labels: expected at least two');
    const tpl = await prior(['zero-shot', images[0], ...model, '--labels', 'a,b', '--template', 'no placeholder'], { cwd: dir });
    expect(tpl.code).toBe(2);
    expect(tpl.stderr).toContain('--template: expected a text containing {label}');
  });
});

describe('prior retrieve', () => {
  it('ranks every report by similarity to the image', async () => {
    const r = await prior(['retrieve', images[0], ...model, '--reports', 'reports.txt', '--top', '2', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const top = JSON.parse(r.stdout);
    expect(top.map((t: { rank: number }) => t.rank)).toEqual([1, 2]);
    expect(top[0].score).toBeGreaterThanOrEqual(top[1].score);
    const all = await prior(['retrieve', images[0], ...model, '--reports', 'reports.txt'], { cwd: dir });
    expect(all.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('a missing reports file is named', async () => {
    const r = await prior(['retrieve', images[0], ...model, '--reports', 'none.txt'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--reports: expected a file of reports, got');
  });
});

describe('prior heatmap', () => {
  it('writes an RGB PNG the size of the input image', async () => {
    const r = await prior(['heatmap', images[0], ...model, '--report', 'The heart is enlarged. There is a small effusion.', '--out', 'heat.png'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('mean of 2 sentences');
    const png = await readFile(`${dir}/heat.png`);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // IHDR: width, height (64 px SynthCXR), bit depth 8, colour type 2 (RGB).
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([64, 64, 8, 2]);
  });

  it('--sentence picks one sentence, and out-of-range is named', async () => {
    const ok = await prior(['heatmap', images[0], ...model, '--report', 'Heart enlarged. Small effusion.', '--sentence', '2', '--out', 'h2.png'], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('sentence 2');
    const bad = await prior(['heatmap', images[0], ...model, '--report', 'Heart enlarged.', '--sentence', '3', '--out', 'h3.png'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--sentence: expected an integer from 1 to 1');
  });
});

describe('prior eval + report', () => {
  it('runs the chosen tasks for PRIOR, a compared run and random init, and report tabulates them', async () => {
    const s = await prior(['data', 'synth', '--out', 'evd', '--count', '10', '--size', '64'], { cwd: dir });
    expect(s.code, s.stderr).toBe(0);
    // Retrieval draws from MIMIC's held-out splits (about a tenth of the subjects): more subjects there.
    await rm(`${dir}/evd/mimic`, { recursive: true });
    const m = await prior(['data', 'synth', '--out', 'evd/mimic', '--layout', 'mimic', '--count', '40', '--size', '64'], { cwd: dir });
    expect(m.code, m.stderr).toBe(0);
    const r = await prior(['eval', ...model, '--data', 'evd', '--task', 'zero-shot', '--task', 'retrieval', '--seeds', '1', '--compare', 'again=run'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^6 results in .* -> .*eval\/report\.md/);
    expect(r.stderr).toMatch(/zero-shot CheXpert 5x200 random init: accuracy \d/);
    const files = (await readdir(`${dir}/run/eval/results`)).sort();
    expect(files).toContain('zero-shot-chexpert-5x200-prior.json');
    expect(files).toContain('retrieval-mimic-5x200-again.json');
    expect(files).toContain('retrieval-mimic-5x200-random-init.json');

    const rep = await prior(['report', 'run'], { cwd: dir });
    expect(rep.code, rep.stderr).toBe(0);
    const md = await readFile(`${dir}/run/report/report.md`, 'utf8');
    for (const title of ['## Pre-training', '## Evaluation: zero-shot', '## Evaluation: retrieval, precision@5']) expect(md).toContain(title);
    expect(md).toMatch(/\| random init \|/);
    expect(md).toMatch(/\| again \|/);
  });

  it('--fine-tune-seeds runs fine-tuning over fewer seeds than the other tasks', async () => {
    const r = await prior(['eval', ...model, '--data', 'evd', '--out', 'ft', '--task', 'fine-tune', '--task', 'linear-probe', '--datasets', 'covidx', '--fractions', '1', '--fine-tune-epochs', '1', '--seeds', '2', '--fine-tune-seeds', '1', '--no-random'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const seeds = async (f: string) => (JSON.parse(await readFile(`${dir}/ft/results/${f}`, 'utf8')) as { perSeed: unknown[] }).perSeed.length;
    expect(await seeds('fine-tune-covidx-prior-100pct.json')).toBe(1);
    expect(await seeds('linear-probe-covidx-prior-100pct.json')).toBe(2);
  });

  it('names a bad task, a missing data directory and a malformed --compare', async () => {
    const t = await prior(['eval', ...model, '--task', 'segmentation-ish'], { cwd: dir });
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('--task: expected one of linear-probe, fine-tune, zero-shot, retrieval, segmentation, detection, all, got "segmentation-ish"');
    const d = await prior(['eval', ...model, '--data', 'nowhere'], { cwd: dir });
    expect(d.code).toBe(1);
    expect(d.stderr).toContain('--data: ');
    expect(d.stderr).toContain('--synth');
    const c = await prior(['eval', ...model, '--data', 'evd', '--compare', 'runs/other'], { cwd: dir });
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('--compare: expected <name>=<run dir>, got "runs/other"');
  });
});
