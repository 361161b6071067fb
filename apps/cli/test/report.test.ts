/**
 * `prior report` on run directories made by hand (config.json and run.json as the
 * run-dir helpers write them, metrics.jsonl, heldout.jsonl, results files): the
 * pre-training table with loss terms and prototype usage, the loss-curve pictures, the
 * held-out retrieval table with --compare runs, and the method order of the evaluation
 * tables.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from '@prior/datasets';
import { makeRunResult, resultsToJson } from '@prior/eval';
import { configToJSON, preset } from '@prior/prior';
import { prior, removeDir, tempDir } from './helpers.js';

const lines = (records: object[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

/** 3 stages × 20 logged steps; stage 1 has the global term only, stages 2–3 also locImg and the prototype bank. */
function metrics(): object[] {
  const out: object[] = [];
  let step = 0;
  for (const [i, name] of ['stage1', 'stage2', 'stage3'].entries()) {
    for (let k = 0; k < 20; k++) {
      step++;
      const glob = 4 - i - k * 0.05;
      const terms: Record<string, number> = i === 0 ? { glob } : { glob, locImg: 2 - k * 0.02 };
      // Stage 3's bank collapses: usage falls from 30 to 2 of 32 prototypes over the stage.
      const bank = i === 0 ? {} : { protoUsage: i === 1 ? 30 : Math.max(2, 30 - 2 * k), protoPerplexity: i === 1 ? 25 : 1.5 };
      out.push({ step, stage: i + 1, stageName: name, epoch: 0, loss: Object.values(terms).reduce((a, b) => a + b, 0), terms, lr: 1e-3, temperatures: {}, ...bank, imagesPerSec: 10 + i });
    }
  }
  return out;
}

const heldOut = (stages: string[], top1: number) =>
  stages.map((stageName, i) => ({ step: 20 * (i + 1), stage: i + 1, stageName, n: 50, top1: top1 + 0.1 * i, top5: 0.5 + 0.1 * i, chanceTop1: 0.02, chanceTop5: 0.1 }));

async function writeRunDir(dir: string, files: { metrics?: object[]; heldOut?: object[] }): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}/config.json`, `${configToJSON(preset('tiny'))}\n`);
  await writeFile(`${dir}/run.json`, `${JSON.stringify({ configSource: 'tiny', data: `${dir}/synthcxr`, synthetic: true, backend: 'cpu', started: '2026-01-01T00:00:00Z', status: 'completed' }, null, 2)}\n`);
  if (files.metrics) await writeFile(`${dir}/metrics.jsonl`, lines(files.metrics));
  if (files.heldOut) await writeFile(`${dir}/heldout.jsonl`, lines(files.heldOut));
}

/** Results named so that alphabetical order (the old row order) differs from the wanted one. */
async function writeResults(dir: string, methods: string[]): Promise<void> {
  await mkdir(`${dir}/eval/results`, { recursive: true });
  for (const [m, method] of methods.entries()) {
    const r = makeRunResult({ task: 'zero-shot', method, dataset: 'CheXpert 5x200', primaryMetric: 'accuracy', config: {}, fingerprints: [], perSeed: [{ seed: 0, metrics: { accuracy: 0.3 + 0.1 * m } }] });
    await writeFile(`${dir}/eval/results/zero-shot-${method.replace(' ', '-')}.json`, resultsToJson(r));
  }
}

/** `## Title` → its text up to the next section. */
function section(md: string, title: string): string {
  const start = md.indexOf(`## ${title}\n`);
  expect(start, `section "${title}"`).toBeGreaterThanOrEqual(0);
  const next = md.indexOf('\n## ', start + 3);
  return md.slice(start, next < 0 ? undefined : next);
}
const tableRows = (text: string) => text.split('\n').filter((l) => l.startsWith('| ')).map((l) => l.slice(2, -2).split(' | '));

describe('prior report', () => {
  let dir: string;
  let md: string;
  beforeAll(async () => {
    dir = await tempDir();
    await writeRunDir(`${dir}/prior`, { metrics: metrics(), heldOut: heldOut(['stage1', 'stage2', 'stage3'], 0.2) });
    await writeRunDir(`${dir}/global-only`, { metrics: metrics(), heldOut: heldOut(['stage1', 'stage2', 'stage3'], 0.1) });
    await writeRunDir(`${dir}/old`, { metrics: metrics() });
    await writeResults(`${dir}/prior`, ['random init', 'global-only', 'PRIOR', 'ConVIRT']);
    const r = await prior(['report', 'prior', '--compare', 'global-only=global-only,old=old'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    md = await readFile(`${dir}/prior/report/report.md`, 'utf8');
  });
  afterAll(() => removeDir(dir));

  it('tabulates each stage with its final loss terms and prototype usage of K', () => {
    const rows = tableRows(section(md, 'Pre-training'));
    expect(rows[0]).toEqual(['stage', 'logged steps', 'first loss', 'final loss', 'final glob', 'final locImg', 'prototypes used (of 32)', 'prototype perplexity', 'images/s']);
    // Stage 1: loss = glob = 4 − 0.05k; the last 10% (2 of 20 steps, k = 18, 19) average 3.0750. No locImg, no bank.
    expect(rows[2]).toEqual(['stage1', '20', '4.0000', '3.0750', '3.0750', '—', '—', '—', '10.0']);
    // Stage 3: glob 2 − 0.05k → 1.0750, locImg 2 − 0.02k → 1.6300; usage max(2, 30 − 2k) at k = 18, 19 → 2 of 32.
    expect(rows[4]).toEqual(['stage3', '20', '4.0000', '2.7050', '1.0750', '1.6300', '2.0', '1.5', '12.0']);
    expect(rows[3].slice(6, 8)).toEqual(['30.0', '25.0']);
  });

  it('draws the loss curves and links every picture', async () => {
    const pics = [...md.matchAll(/!\[([^\]]*)\]\(([^)]+)\)/g)].map((m) => ({ caption: m[1], path: m[2] }));
    expect(pics.map((p) => p.path)).toEqual(['loss-by-stage.png', 'loss-curve.png', 'loss-terms.png']);
    // 60 logged steps: a moving mean over round(60 / 50) = 1 step is no smoothing.
    expect(pics[1].caption).toContain('unsmoothed');
    expect(pics[1].caption).toContain('dashed lines mark where each stage begins');
    for (const p of pics) {
      const png = await readFile(`${dir}/prior/report/${p.path}`);
      const img = decodePng(new Uint8Array(png), p.path);
      expect(img.width).toBeGreaterThan(300);
      expect(img.height).toBeGreaterThan(200);
    }
  });

  it('lists the held-out checks of this run, then the compared runs, and names a run without them', () => {
    const text = section(md, 'Held-out retrieval');
    const rows = tableRows(text);
    expect(rows[0]).toEqual(['run', 'stage', 'step', 'pairs', 'top-1', 'top-5', 'chance top-1', 'chance top-5']);
    expect(rows.slice(2).map((r) => `${r[0]} ${r[1]}`)).toEqual(['PRIOR stage1', 'PRIOR stage2', 'PRIOR stage3', 'global-only stage1', 'global-only stage2', 'global-only stage3']);
    expect(rows[2]).toEqual(['PRIOR', 'stage1', '20', '50', '20.0', '50.0', '2.0', '10.0']);
    expect(rows[5]).toEqual(['global-only', 'stage1', '20', '50', '10.0', '50.0', '2.0', '10.0']);
    expect(text).toContain(`old: no heldout.jsonl in ${dir}/old.`);
  });

  it('orders evaluation rows PRIOR, compared runs, others, random init', () => {
    const rows = tableRows(section(md, 'Evaluation: zero-shot')).slice(2);
    expect(rows.map((r) => r[0])).toEqual(['PRIOR', 'global-only', 'ConVIRT', 'random init']);
  });

  it('says in one line when a run has no held-out checks, and names a bad --compare', async () => {
    const r = await prior(['report', 'old'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const text = section(await readFile(`${dir}/old/report/report.md`, 'utf8'), 'Held-out retrieval');
    expect(text.trim().split('\n').slice(2)).toEqual(['No held-out retrieval checks: heldout.jsonl is missing or empty (a run from before held-out checks were written).']);
    const bad = await prior(['report', 'old', '--compare', 'global-only'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--compare: expected <name>=<run dir>, got "global-only"');
    const gone = await prior(['report', 'old', '--compare', 'x=nowhere'], { cwd: dir });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`--compare: x=${dir}/nowhere: expected a run directory, and it is not a directory`);
  });

  it('says so when there are no metrics yet', async () => {
    await rm(`${dir}/old/metrics.jsonl`);
    const r = await prior(['report', 'old'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(`${dir}/old/report/report.md`, 'utf8')).toContain(`No metrics yet (${dir}/old/metrics.jsonl is missing or empty).`);
  });
});
