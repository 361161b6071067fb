/**
 * The pre-training part of `prior report`: per-stage table (loss, each loss term,
 * prototype usage), loss curves, and the held-out retrieval checks of this run and of
 * the compared runs, from a run directory's metrics.jsonl and heldout.jsonl.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { barChart, lineChart, type ReportSection } from '@prior/eval';
import { HELD_OUT_FILE, type HeldOutLine, METRICS_FILE, type MetricsLine } from '@prior/prior';
import { CliError } from '../framework/errors.js';
import type { ComparedRun } from '../framework/compare.js';

/** A JSON-lines file as records, undefined when it is missing; a bad line is named. */
export async function readJsonLines<L>(path: string): Promise<L[] | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  return text
    .split('\n')
    .map((l, i) => [l.trim(), i + 1] as const)
    .filter(([l]) => l !== '')
    .map(([l, n]) => {
      try {
        return JSON.parse(l) as L;
      } catch (e) {
        throw new CliError(`${path}:${n}: not a JSON line: ${(e as Error).message}`);
      }
    });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (x: number | undefined, digits = 4) => (x === undefined ? '—' : Number.isFinite(x) ? x.toFixed(digits) : String(x));
/** The mean over the last ~10% of a stage's logged steps: one step's value is noisy. */
const tailMean = (xs: number[]) => (xs.length ? mean(xs.slice(-Math.max(1, Math.ceil(xs.length / 10)))) : undefined);

interface StageSummary {
  name: string;
  firstStep: number;
  steps: number;
  first: number;
  last: number;
  terms: Record<string, number | undefined>;
  protoUsage?: number;
  protoPerplexity?: number;
  imagesPerSec: number;
}

function byStage(lines: readonly MetricsLine[]): MetricsLine[][] {
  const groups = new Map<number, MetricsLine[]>();
  for (const l of lines) groups.set(l.stage, [...(groups.get(l.stage) ?? []), l]);
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, ls]) => ls.sort((a, b) => a.step - b.step));
}

/** Every loss term in order of first appearance. */
const termNames = (lines: readonly MetricsLine[]) => [...new Set(lines.flatMap((l) => Object.keys(l.terms ?? {})))];

function summarise(stage: MetricsLine[], terms: readonly string[]): StageSummary {
  const values = (f: (l: MetricsLine) => number | undefined) => stage.map(f).filter((v): v is number => typeof v === 'number');
  return {
    name: stage[0].stageName,
    firstStep: stage[0].step,
    steps: stage.length,
    first: stage[0].loss,
    last: tailMean(stage.map((l) => l.loss)) as number,
    terms: Object.fromEntries(terms.map((t) => [t, tailMean(values((l) => l.terms?.[t]))])),
    protoUsage: tailMean(values((l) => l.protoUsage)),
    protoPerplexity: tailMean(values((l) => l.protoPerplexity)),
    imagesPerSec: mean(stage.map((l) => l.imagesPerSec)),
  };
}

/** Trailing moving mean over `window` values, restarted at each stage so stages do not blur into each other. */
function smoothByStage(stages: MetricsLine[][], value: (l: MetricsLine) => number | undefined, window: number): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (const [k, ls] of stages.entries()) {
    // A NaN between stages breaks the line: each stage's curve starts afresh.
    if (k > 0) {
      x.push(ls[0].step);
      y.push(NaN);
    }
    const vs = ls.map((l) => value(l) ?? NaN);
    ls.forEach((l, i) => {
      const win = vs.slice(Math.max(0, i - window + 1), i + 1).filter((v) => Number.isFinite(v));
      x.push(l.step);
      y.push(Number.isFinite(vs[i]) && win.length ? mean(win) : NaN);
    });
  }
  return { x, y };
}

/** The "Pre-training" section: the per-stage table, the loss-by-stage bars and the loss curves. */
export async function pretrainingSection(runDir: string, outDir: string, prototypes: number): Promise<ReportSection> {
  const lines = await readJsonLines<MetricsLine>(`${runDir}/${METRICS_FILE}`);
  if (!lines?.length) return { title: 'Pre-training', text: `No metrics yet (${runDir}/${METRICS_FILE} is missing or empty).` };
  const stages = byStage(lines);
  const terms = termNames(lines);
  const summaries = stages.map((s) => summarise(s, terms));
  const withBank = summaries.some((s) => s.protoUsage !== undefined);
  const header = ['stage', 'logged steps', 'first loss', 'final loss', ...terms.map((t) => `final ${t}`), ...(withBank ? [`prototypes used (of ${prototypes})`, 'prototype perplexity'] : []), 'images/s'];
  const rows = summaries.map((s) => [
    s.name,
    String(s.steps),
    fmt(s.first),
    fmt(s.last),
    ...terms.map((t) => fmt(s.terms[t])),
    ...(withBank ? [fmt(s.protoUsage, 1), fmt(s.protoPerplexity, 1)] : []),
    s.imagesPerSec.toFixed(1),
  ]);
  const table = [`| ${header.join(' | ')} |`, `| --- |${' :---: |'.repeat(header.length - 1)}`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const notes = [
    `Final values are the mean over the last ~10% of each stage's logged steps; loss terms are unweighted.${withBank ? ` Prototypes used: how many of the ${prototypes} are some sentence's most likely prototype in a batch; perplexity: exp(entropy) of the batch's mean assignment (${prototypes} when use is uniform, 1 when the bank has collapsed to one).` : ''}`,
  ];

  const bars = 'loss-by-stage.png';
  await writeFile(
    `${outDir}/${bars}`,
    barChart(
      summaries.map((s) => s.name),
      [
        { name: 'first step', values: summaries.map((s) => s.first) },
        { name: 'final', values: summaries.map((s) => s.last) },
      ],
      { title: 'Pre-training loss by stage', yLabel: 'weighted loss', valueDigits: 2 },
    ),
  );
  const window = Math.max(1, Math.round(lines.length / 50));
  const markers = summaries.map((s) => ({ x: s.firstStep, label: s.name }));
  const smoothing = window > 1 ? `moving mean over ${window} logged steps, restarted at each stage` : 'unsmoothed';
  const curve = 'loss-curve.png';
  await writeFile(`${outDir}/${curve}`, lineChart([{ name: 'weighted loss', ...smoothByStage(stages, (l) => l.loss, window) }], { title: 'Pre-training loss', xLabel: 'step', yLabel: 'weighted loss', markers }));
  const images = [
    { path: bars, caption: 'Weighted loss at the start and end of each stage' },
    { path: curve, caption: `Weighted loss over steps (${smoothing}); dashed lines mark where each stage begins` },
  ];
  if (terms.length) {
    const termCurves = 'loss-terms.png';
    await writeFile(
      `${outDir}/${termCurves}`,
      lineChart(
        terms.map((t) => ({ name: t, ...smoothByStage(stages, (l) => l.terms?.[t], window) })),
        { title: 'Loss terms', xLabel: 'step', yLabel: 'unweighted loss', markers },
      ),
    );
    images.push({ path: termCurves, caption: `Each loss term, unweighted, over steps (${smoothing}); a term is drawn only in the stages where it is active` });
  }
  return { title: 'Pre-training', text: [table, '', ...notes].join('\n'), images };
}

const pct = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(1) : String(x));

/** The "Held-out retrieval" section: this run's held-out checks, then each compared run's. */
export async function heldOutSection(runDir: string, compare: readonly ComparedRun[]): Promise<ReportSection> {
  const runs = [{ name: 'PRIOR', dir: runDir }, ...compare];
  const rows: string[] = [];
  const missing: string[] = [];
  for (const r of runs) {
    if (!(await stat(r.dir).catch(() => null))?.isDirectory()) throw new CliError(`--compare: ${r.name}=${r.dir}: expected a run directory, and it is not a directory`);
    const lines = await readJsonLines<HeldOutLine>(`${r.dir}/${HELD_OUT_FILE}`);
    if (!lines?.length) {
      missing.push(r.name === 'PRIOR' ? `${HELD_OUT_FILE} is missing or empty (a run from before held-out checks were written).` : `${r.name}: no ${HELD_OUT_FILE} in ${r.dir}.`);
      continue;
    }
    for (const l of [...lines].sort((a, b) => a.step - b.step)) {
      rows.push(`| ${r.name} | ${l.stageName} | ${l.step} | ${l.n} | ${pct(l.top1)} | ${pct(l.top5)} | ${pct(l.chanceTop1)} | ${pct(l.chanceTop5)} |`);
    }
  }
  if (!rows.length) return { title: 'Held-out retrieval', text: `No held-out retrieval checks: ${missing.join(' ')}` };
  const intro = 'Image→report retrieval among held-out pairs with the frozen encoders at the end of each stage, in percent, beside chance.';
  const table = ['| run | stage | step | pairs | top-1 | top-5 | chance top-1 | chance top-5 |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |', ...rows].join('\n');
  return { title: 'Held-out retrieval', text: [intro, '', table, ...(missing.length ? ['', ...missing] : [])].join('\n') };
}
