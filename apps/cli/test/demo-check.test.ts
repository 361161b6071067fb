/**
 * CI's check of the shortened demo's output (.ci/check-demo-report.mjs), run on a demo
 * directory made by hand: a run directory with metrics and results files, and its report
 * written by the real `prior report`, so the checker is tested against the report format
 * the demo actually produces.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRunResult, resultsToJson } from '@prior/eval';
import { configToJSON, preset } from '@prior/prior';
import { type RunResult, prior, removeDir, tempDir } from './helpers.js';

const CHECKER = fileURLToPath(new URL('../../../.ci/check-demo-report.mjs', import.meta.url));

function check(...args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHECKER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const METHODS = ['PRIOR', 'global-only', 'random init'];
/** Result task → its data set and headline metrics (retrieval's report has a table per Precision@K). */
const TASKS: Record<string, { dataset: string; metrics: string[]; fraction?: number }> = {
  'linear-probe': { dataset: 'CheXpert', metrics: ['auroc'], fraction: 1 },
  'fine-tune': { dataset: 'CheXpert', metrics: ['auroc'], fraction: 1 },
  'zero-shot': { dataset: 'CheXpert 5x200', metrics: ['accuracy', 'f1'] },
  retrieval: { dataset: 'MIMIC-CXR', metrics: ['precision@1', 'precision@5', 'precision@10'] },
  segmentation: { dataset: 'SIIM', metrics: ['dice'], fraction: 1 },
  detection: { dataset: 'RSNA', metrics: ['map'], fraction: 1 },
};

/** As the demo writes them: the dense tasks from a second process into eval/dense. */
const resultFile = (dir: string, task: string, method: string) =>
  `${dir}/prior/eval${['segmentation', 'detection'].includes(task) ? '/dense' : ''}/results/${task}-${method.replace(' ', '-')}.json`;

/** A finished quick demo's files, less the report. */
async function writeDemo(dir: string): Promise<void> {
  const run = `${dir}/prior`;
  await mkdir(`${run}/eval/results`, { recursive: true });
  await mkdir(`${run}/eval/dense/results`, { recursive: true });
  const config = preset('tiny');
  await writeFile(`${run}/config.json`, `${configToJSON(config)}\n`);
  await writeFile(`${run}/run.json`, JSON.stringify({ configSource: 'tiny', data: `${run}/synthcxr`, synthetic: true, backend: 'cpu', started: '2026-01-01T00:00:00Z', status: 'completed' }));
  const metrics = config.stages.flatMap((s, stage) => [0, 1].map((i) => JSON.stringify({ step: stage * 2 + i, stage, stageName: s.name, loss: 3 - i, terms: {}, imagesPerSec: 10 })));
  await writeFile(`${run}/metrics.jsonl`, `${metrics.join('\n')}\n`);
  for (const [task, t] of Object.entries(TASKS)) {
    for (const [m, method] of METHODS.entries()) {
      const r = makeRunResult({
        task, method, dataset: t.dataset, labelFraction: t.fraction, primaryMetric: t.metrics[0], config: {}, fingerprints: [],
        perSeed: [{ seed: 0, metrics: Object.fromEntries(t.metrics.map((k) => [k, 0.5 + 0.1 * m])) }],
      });
      await writeFile(resultFile(dir, task, method), resultsToJson(r));
    }
  }
  await writeFile(`${dir}/demo-timings.json`, JSON.stringify({ quick: true, backend: 'cpu', seconds: { total: 170 } }));
  await writeFile(`${run}/wall-time.json`, JSON.stringify({ job: 'prior demo --quick', machine: '2 cores', seconds: { 'pre-training data (SynthCXR)': 3, '↳ PRIOR': 20, total: 169 } }));
}

async function report(dir: string): Promise<void> {
  const r = await prior(['report', `${dir}/prior`]);
  expect(r.code, r.stderr).toBe(0);
}

describe('CI check of the demo report', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
    await writeDemo(dir);
  });
  afterEach(() => removeDir(dir));

  it('passes a demo with every table, method row and results file', async () => {
    await report(dir);
    const r = await check(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/10 tables, rows PRIOR, global-only, random init complete in each evaluation table, 18 results files/);
    const md = await readFile(`${dir}/prior/report/report.md`, 'utf8');
    expect(md).toContain('| total | 2m49s |');
    expect(md).toContain('| ↳ PRIOR | 20s |');
  });

  it('fails naming a missing task table and its missing results', async () => {
    for (const m of METHODS) await rm(resultFile(dir, 'segmentation', m));
    await report(dir);
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing table: "Evaluation: segmentation" (task segmentation)');
    expect(r.stderr).toContain('no file in');
    expect(r.stderr).toMatch(/for task "segmentation" \(segmentation\), method "random init"/);
    expect(r.stderr).not.toContain('detection');
  });

  it('fails naming a missing method row, an empty cell, a short pre-training table and a missing report', async () => {
    await rm(resultFile(dir, 'detection', 'global-only'));
    const nan = makeRunResult({
      task: 'zero-shot', method: 'random init', dataset: 'CheXpert 5x200', primaryMetric: 'accuracy', config: {}, fingerprints: [],
      perSeed: [{ seed: 0, metrics: { accuracy: NaN, f1: NaN } }],
    });
    await writeFile(resultFile(dir, 'zero-shot', 'random init'), resultsToJson(nan));
    await writeFile(`${dir}/prior/metrics.jsonl`, `${JSON.stringify({ step: 0, stage: 0, stageName: 'stage1', loss: 1, terms: {}, imagesPerSec: 1 })}\n`);
    await report(dir);
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('table "Evaluation: detection" (task detection): no row for method "global-only"');
    expect(r.stderr).toContain('table "Pre-training": 1 stage rows, expected 3');
    expect(r.stderr).toContain('table "Evaluation: zero-shot" (task zero-shot): row "random init" has no number under "CheXpert 5x200"');
    expect(r.stderr).toMatch(/zero-shot-random-init\.json: headline metric accuracy has no finite mean \(got null\)/);

    await rm(`${dir}/prior/wall-time.json`);
    await report(dir);
    expect((await check(dir)).stderr).toContain('missing table: "Wall time" (the demo\'s wall time)');

    await rm(`${dir}/prior/report`, { recursive: true });
    const none = await check(dir);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`missing report: ${dir}/prior/report/report.md does not exist`);
  });

  it('exits 2 with its usage when the directory is not given', async () => {
    const r = await check();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: node \.ci\/check-demo-report\.mjs <demo out dir>/);
  });
});
