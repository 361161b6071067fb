/**
 * `prior report <run dir>`: a Markdown report of a run (its configuration, the
 * pre-training curve per stage from metrics.jsonl, and a table per task of the
 * evaluation results 'prior eval' wrote under <run dir>/eval/results), with PNG charts
 * from @prior/eval.
 */
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { nodeDirectory } from '@prior/datasets';
import { type ReportSection, type RunResult, barChart, markdownReport, readResults } from '@prior/eval';
import type { CommandSpec } from '../framework/command.js';
import { CliError } from '../framework/errors.js';
import { formatDuration } from '../framework/progress.js';
import { readRun } from '../framework/run-dir.js';

interface MetricsLine {
  step: number;
  stage: number;
  stageName: string;
  loss: number;
  terms: Record<string, number>;
  imagesPerSec: number;
}

async function readMetrics(path: string): Promise<MetricsLine[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((l, i) => [l.trim(), i + 1] as const)
    .filter(([l]) => l !== '')
    .map(([l, n]) => {
      try {
        return JSON.parse(l) as MetricsLine;
      } catch (e) {
        throw new CliError(`${path}:${n}: not a JSON line: ${(e as Error).message}`);
      }
    });
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : String(x));

interface StageSummary {
  name: string;
  steps: number;
  first: number;
  last: number;
  imagesPerSec: number;
}

function summariseStages(lines: MetricsLine[]): StageSummary[] {
  const byStage = new Map<number, MetricsLine[]>();
  for (const l of lines) byStage.set(l.stage, [...(byStage.get(l.stage) ?? []), l]);
  return [...byStage.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, ls]) => ({
      name: ls[0].stageName,
      steps: ls.length,
      first: ls[0].loss,
      // The mean of the last few logged steps: one step's loss is noisy.
      last: mean(ls.slice(-Math.max(1, Math.ceil(ls.length / 10))).map((l) => l.loss)),
      imagesPerSec: mean(ls.map((l) => l.imagesPerSec)),
    }));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export const reportCommand: CommandSpec = {
  path: ['report'],
  summary: "Write a Markdown report with charts from a run's metrics and evaluation results",
  args: [{ name: 'run', description: "Run directory written by 'prior pretrain'" }],
  options: [{ name: 'out', short: 'o', type: 'string', valueName: '<dir>', description: 'Where to write report.md and its charts (default: <run>/report)' }],
  examples: ['prior report runs/tiny'],
  async run({ args, options }, ctx) {
    const runDir = resolve(ctx.cwd, args.run as string);
    const { info, config } = await readRun(runDir);
    const outDir = options.out ? resolve(ctx.cwd, options.out as string) : `${runDir}/report`;
    await mkdir(outDir, { recursive: true });
    const sections: ReportSection[] = [];

    const runText = [
      `- configuration: ${info.configSource} (${config.stages.length} stages, image ${config.model.imageEncoder.imageSize} px, batch ${config.data.batchSize})`,
      `- data: ${info.data}${info.synthetic ? ' (SynthCXR)' : ''}`,
      `- backend: ${info.backend}`,
      `- status: ${info.status ?? 'unknown'}${info.step !== undefined ? `, step ${info.step}/${info.totalSteps}` : ''}${info.seconds !== undefined ? `, ${formatDuration(info.seconds)}` : ''}`,
    ];
    sections.push({ title: 'Run', text: runText.join('\n') });

    const metrics = await readMetrics(`${runDir}/metrics.jsonl`);
    if (metrics.length) {
      const stages = summariseStages(metrics);
      const table = [
        '| stage | logged steps | first loss | final loss | images/s |',
        '| --- | :---: | :---: | :---: | :---: |',
        ...stages.map((s) => `| ${s.name} | ${s.steps} | ${fmt(s.first)} | ${fmt(s.last)} | ${s.imagesPerSec.toFixed(1)} |`),
      ].join('\n');
      const chart = 'loss-by-stage.png';
      await writeFile(
        `${outDir}/${chart}`,
        barChart(
          stages.map((s) => s.name),
          [
            { name: 'first step', values: stages.map((s) => s.first) },
            { name: 'final', values: stages.map((s) => s.last) },
          ],
          { title: 'Pre-training loss by stage', yLabel: 'weighted loss', valueDigits: 2 },
        ),
      );
      sections.push({ title: 'Pre-training', text: table, images: [{ path: chart, caption: 'Weighted loss at the start and end of each stage' }] });
    } else sections.push({ title: 'Pre-training', text: `No metrics yet (${runDir}/metrics.jsonl is missing or empty).` });

    const results = [...(await readAllResults(`${runDir}/eval/results`)), ...(await readAllResults(`${runDir}/results`))];
    const byTask = new Map<string, RunResult[]>();
    for (const r of results) byTask.set(r.task, [...(byTask.get(r.task) ?? []), r]);
    for (const [task, rs] of byTask) {
      const metrics = task === 'retrieval' ? ['precision@1', 'precision@5', 'precision@10'] : [undefined];
      for (const metric of metrics) sections.push({ title: `Evaluation: ${task}${metric ? `, ${metric}` : ''}`, results: rs, ...(metric ? { table: { metric } } : {}) });
    }
    if (results.length && (await stat(`${runDir}/eval/report.md`).catch(() => null))) {
      sections.push({ title: 'More', text: `ROC curves and retrieval examples: [the evaluation report](${relative(outDir, `${runDir}/eval/report.md`)}).` });
    }

    const md = markdownReport(`PRIOR run ${relative(ctx.cwd, runDir) || runDir}`, sections, {
      intro: results.length ? undefined : "Pre-training summary; no evaluation results yet (run 'prior eval').",
    });
    await writeFile(`${outDir}/report.md`, md);
    ctx.out(`${outDir}/report.md`);
  },
};

async function readAllResults(dir: string): Promise<RunResult[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const store = nodeDirectory(dir);
  const out: RunResult[] = [];
  for (const f of files.filter((f) => f.endsWith('.json')).sort()) out.push(await readResults(store, f));
  return out;
}
