/**
 * `prior demo`: the whole method on SynthCXR in one command, by running the other
 * commands in order: pre-train PRIOR (tiny preset) and a global-only ablation, evaluate
 * both against random initialisation on every task `prior eval` has, and write the
 * report. Each run resumes when the demo is run again, so an interrupted demo continues.
 */
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { nodeDirectory } from '@prior/datasets';
import { EVAL_SYNTH_QUICK, type RunResult, readResults, writeEvalSynthCxr } from '@prior/eval';
import { BACKEND_OPTION } from '../framework/backend.js';
import type { CommandSpec, Context } from '../framework/command.js';
import { CliError } from '../framework/errors.js';
import { formatDuration } from '../framework/progress.js';
import { evalCommand } from './eval.js';
import { pretrainCommand } from './pretrain.js';
import { reportCommand } from './report.js';

const GLOBAL_ONLY = { model: { ablation: { localAlignment: false, prototypes: false, imageReconstruction: false, reportReconstruction: false } } };

/** --quick: the tiny preset cut to minutes (CI's smoke run). */
const QUICK = {
  model: { imageEncoder: { imageSize: 64 } },
  stages: { 0: { steps: 10, warmup: 2 }, 1: { steps: 5, warmup: 1 }, 2: { steps: 5, warmup: 1 } },
  data: { batchSize: 8 },
  run: { checkpointEverySteps: 0, metricsEverySteps: 1 },
};


function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const x = out[k];
    out[k] = x && v && typeof x === 'object' && typeof v === 'object' && !Array.isArray(v) ? merge(x as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

async function step(ctx: Context, title: string, timings: Record<string, number>, fn: () => Promise<number | void>): Promise<void> {
  ctx.log(`\n== ${title}`);
  const t0 = performance.now();
  const code = (await fn()) ?? 0;
  timings[title] = (performance.now() - t0) / 1000;
  if (code !== 0) throw new CliError(`demo stopped at '${title}' (exit ${code}); run the demo again to continue from there`, code);
  ctx.log(`== ${title}: ${formatDuration(timings[title])}`);
}

/** One line per table cell: PRIOR's headline metric against random initialisation's. */
async function headToHead(dir: string): Promise<string[]> {
  const store = nodeDirectory(dir);
  const results: RunResult[] = [];
  for (const f of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) results.push(await readResults(store, f));
  const key = (r: RunResult) => `${r.task} ${r.dataset}${r.labelFraction === undefined ? '' : ` ${+(r.labelFraction * 100).toPrecision(3)}%`}`;
  const lines: string[] = [];
  let ahead = 0;
  for (const p of results.filter((r) => r.method === 'PRIOR')) {
    const base = results.find((r) => r.method === 'random init' && key(r) === key(p));
    if (!base) continue;
    const a = p.aggregate[p.primaryMetric].mean;
    const b = base.aggregate[base.primaryMetric].mean;
    if (a > b) ahead++;
    lines.push(`${a > b ? 'ahead ' : 'behind'} ${key(p)} ${p.primaryMetric}: PRIOR ${a.toFixed(3)} vs random init ${b.toFixed(3)}`);
  }
  lines.push(`PRIOR ahead of random initialisation in ${ahead} of ${lines.length} settings`);
  return lines;
}

export const demoCommand: CommandSpec = {
  path: ['demo'],
  summary: 'Pre-train, evaluate against baselines and report on SynthCXR, in one command',
  description: [
    'Writes <out>/prior.json and <out>/global-only.json (the configurations), pre-trains both',
    'runs (<out>/prior, <out>/global-only), evaluates PRIOR, global-only and random',
    'initialisation on SynthCXR (<out>/eval-data), and writes <out>/prior/report/report.md.',
    'Running it again continues where it stopped.',
  ].join('\n'),
  args: [],
  options: [
    { name: 'out', short: 'o', type: 'string', valueName: '<dir>', default: 'runs/demo', description: 'Directory for the runs, data and report' },
    { name: 'quick', type: 'boolean', description: 'A smoke run: 64 px images, 20 steps per run, a small evaluation set, one seed, 100% labels only, one fine-tuning epoch' },
    { name: 'seeds', type: 'int', min: 1, valueName: '<n>', description: 'Evaluation seeds (default: 3, or 1 with --quick)' },
    BACKEND_OPTION,
  ],
  examples: ['prior demo', 'prior demo --quick --out runs/demo-quick'],
  async run({ options }, ctx) {
    const out = resolve(ctx.cwd, options.out as string);
    const quick = Boolean(options.quick);
    const backend = options.backend as string;
    await mkdir(out, { recursive: true });
    const base = quick ? QUICK : {};
    await writeFile(`${out}/prior.json`, `${JSON.stringify(merge({ extends: 'tiny' }, base), null, 2)}\n`);
    await writeFile(`${out}/global-only.json`, `${JSON.stringify(merge(merge({ extends: 'tiny' }, base), GLOBAL_ONLY), null, 2)}\n`);
    const subjects = quick ? 60 : 2000;
    const timings: Record<string, number> = {};
    const t0 = performance.now();
    const pretrain = (name: string) => () =>
      pretrainCommand.run(
        // The ablation trains on the same SynthCXR tree (and vocabulary) as PRIOR.
        { args: {}, options: { config: `${out}/${name}.json`, out: `${out}/${name}`, ...(name === 'prior' ? { 'synth-subjects': subjects } : { data: `${out}/prior/synthcxr` }), resume: true, backend } },
        ctx,
      );
    await step(ctx, 'pre-training PRIOR', timings, pretrain('prior'));
    await step(ctx, 'pre-training the global-only ablation', timings, pretrain('global-only'));
    if (quick && !(await stat(`${out}/eval-data`).catch(() => null))) {
      // A smaller evaluation tree than prior eval --synth writes: evaluation dominates the quick run.
      await step(ctx, 'evaluation data', timings, () => writeEvalSynthCxr(`${out}/eval-data`, EVAL_SYNTH_QUICK));
    }
    await step(ctx, 'evaluation', timings, () =>
      evalCommand.run(
        {
          args: {},
          options: {
            run: `${out}/prior`,
            task: 'all',
            data: `${out}/eval-data`,
            synth: true,
            compare: [`global-only=${out}/global-only`],
            datasets: 'chexpert,covidx',
            fractions: quick ? '1' : undefined,
            'fine-tune-epochs': quick ? 1 : undefined,
            seeds: (options.seeds as number | undefined) ?? (quick ? 1 : 3),
            backend,
          },
        },
        ctx,
      ),
    );
    for (const line of await headToHead(`${out}/prior/eval/results`)) ctx.out(line);
    await step(ctx, 'report', timings, () => reportCommand.run({ args: { run: `${out}/prior` }, options: { compare: [`global-only=${out}/global-only`] } }, ctx));
    const total = (performance.now() - t0) / 1000;
    await writeFile(`${out}/demo-timings.json`, `${JSON.stringify({ quick, backend, seconds: { ...timings, total } }, null, 2)}\n`);
    ctx.out(`demo finished in ${formatDuration(total)}: ${out}/prior/report/report.md`);
  },
};
