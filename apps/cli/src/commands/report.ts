/**
 * `prior report <run dir>`: a Markdown report of a run (its configuration, the
 * pre-training table and loss curves from metrics.jsonl, the held-out retrieval checks
 * from heldout.jsonl beside those of --compare runs, and a table per task of the
 * evaluation results 'prior eval' wrote under <run dir>/eval/results and
 * <run dir>/eval/<part>/results, e.g. the demo's eval/dense), with PNG charts from @prior/eval.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { type ReportSection, type RunResult, markdownReport } from '@prior/eval';
import type { CommandSpec } from '../framework/command.js';
import { parseCompare } from '../framework/compare.js';
import { formatDuration } from '../framework/progress.js';
import { readRun } from '../framework/run-dir.js';
import { evalParts, readAllResults, readResultsDir } from './eval-results.js';
import { heldOutSection, pretrainingSection } from './report-pretraining.js';
import { wallTimeSection } from './report-wall-time.js';

/** Table rows: PRIOR, the compared runs in the order given, any other method, random init last. */
function methodOrder(results: readonly RunResult[], compared: readonly string[]): string[] {
  const present = new Set(results.map((r) => r.method));
  const fixed = ['PRIOR', ...compared];
  const others = [...present].filter((m) => !fixed.includes(m) && m !== 'random init').sort();
  return [...fixed, ...others, 'random init'].filter((m, i, all) => present.has(m) && all.indexOf(m) === i);
}

export const reportCommand: CommandSpec = {
  path: ['report'],
  summary: "Write a Markdown report with charts from a run's metrics and evaluation results",
  args: [{ name: 'run', description: "Run directory written by 'prior pretrain'" }],
  options: [
    { name: 'out', short: 'o', type: 'string', valueName: '<dir>', description: 'Where to write report.md and its charts (default: <run>/report)' },
    { name: 'compare', type: 'string', valueName: '<name=run dir>', multiple: true, description: "Another run whose held-out retrieval checks join the table, e.g. 'global-only=runs/global'" },
  ],
  examples: ['prior report runs/tiny', "prior report runs/tiny --compare 'global-only=runs/global'"],
  async run({ args, options }, ctx) {
    const runDir = resolve(ctx.cwd, args.run as string);
    const { info, config } = await readRun(runDir);
    const compare = parseCompare(options.compare as string[] | undefined, ctx.cwd, 'report');
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

    const wall = await wallTimeSection(runDir);
    if (wall) sections.push(wall);
    sections.push(await pretrainingSection(runDir, outDir, config.model.prototypes));
    sections.push(await heldOutSection(runDir, compare));

    const results = [...(await readAllResults(`${runDir}/eval`)), ...(await readResultsDir(`${runDir}/results`))];
    const byTask = new Map<string, RunResult[]>();
    for (const r of results) byTask.set(r.task, [...(byTask.get(r.task) ?? []), r]);
    for (const [task, rs] of byTask) {
      const metrics = task === 'retrieval' ? ['precision@1', 'precision@5', 'precision@10'] : [undefined];
      const methods = methodOrder(rs, compare.map((c) => c.name));
      for (const metric of metrics) sections.push({ title: `Evaluation: ${task}${metric ? `, ${metric}` : ''}`, results: rs, table: { methods, ...(metric ? { metric } : {}) } });
    }
    const evalReports: string[] = [];
    for (const part of await evalParts(`${runDir}/eval`)) if (await stat(`${part}/report.md`).catch(() => null)) evalReports.push(`${part}/report.md`);
    if (results.length && evalReports.length) {
      const links = evalReports.map((r) => `[${relative(`${runDir}/eval`, r)}](${relative(outDir, r)})`).join(', ');
      sections.push({ title: 'More', text: `ROC curves, retrieval examples, heatmaps, segmentation overlays and detection pictures: the evaluation report${evalReports.length > 1 ? 's' : ''} ${links}.` });
    }

    const md = markdownReport(`PRIOR run ${relative(ctx.cwd, runDir) || runDir}`, sections, {
      intro: results.length ? undefined : "Pre-training summary; no evaluation results yet (run 'prior eval').",
    });
    await writeFile(`${outDir}/report.md`, md);
    ctx.out(`${outDir}/report.md`);
  },
};
