/**
 * `prior demo`: the whole method on SynthCXR in one command, by running the other
 * commands: pre-train PRIOR (tiny preset) and a global-only ablation, evaluate both
 * against random initialisation on every task `prior eval` has, and write the report.
 * The two pre-training runs, and the two halves of the evaluation (classification,
 * zero-shot and retrieval; segmentation and detection), run as pairs of child processes,
 * one per core. Each run resumes when the demo is run again, so an interrupted demo
 * continues.
 */
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EVAL_SYNTH_QUICK, type RunResult, writeEvalSynthCxr } from '@prior/eval';
import { ensureSynthCxr } from '@prior/prior';
import { BACKEND_OPTION } from '../framework/backend.js';
import { type ChildJob, runChildren } from '../framework/child.js';
import type { CommandSpec, Context } from '../framework/command.js';
import { readConfig } from '../framework/config-file.js';
import { CliError } from '../framework/errors.js';
import { formatDuration } from '../framework/progress.js';
import { readAllResults } from './eval-results.js';
import { reportCommand } from './report.js';
import { machineLine, writeWallTime } from './report-wall-time.js';

const GLOBAL_ONLY = { model: { ablation: { localAlignment: false, prototypes: false, imageReconstruction: false, reportReconstruction: false } } };

/** --quick: the tiny preset cut to minutes (CI's smoke run). */
const QUICK = {
  model: { imageEncoder: { imageSize: 64 } },
  stages: { 0: { steps: 10, warmup: 2 }, 1: { steps: 5, warmup: 1 }, 2: { steps: 5, warmup: 1 } },
  data: { batchSize: 8 },
  run: { checkpointEverySteps: 0, metricsEverySteps: 1 },
};

/**
 * Full fine-tuning in the full demo, the costliest task (every step runs the encoder's
 * backward pass): at 100% labels an epoch is ~60 steps per seed and method, so two
 * epochs and two seeds; the other tasks use --seeds.
 */
const FINE_TUNE = { epochs: 2, seeds: 2 };


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

/** Child jobs at once; each one's wall time under its own title, the whole under `title`. */
async function parallelStep(ctx: Context, title: string, timings: Record<string, number>, jobs: readonly (ChildJob & { title: string })[], beside?: () => Promise<void>): Promise<void> {
  ctx.log(`\n== ${title}`);
  const t0 = performance.now();
  const [outcomes] = await Promise.all([runChildren(jobs, ctx), beside?.()]);
  timings[title] = (performance.now() - t0) / 1000;
  outcomes.forEach((o, i) => (timings[jobs[i].title] = o.seconds));
  const failed = outcomes.filter((o) => o.code !== 0);
  if (failed.length) throw new CliError(`demo stopped at '${title}': ${failed.map((o) => `${o.label} exited ${o.code}`).join(', ')}; run the demo again to continue from there`, failed[0].code);
  ctx.log(`== ${title}: ${formatDuration(timings[title])} (${outcomes.map((o) => `${o.label} ${formatDuration(o.seconds)}`).join(', ')})`);
}

/** Writes the evaluation tree unless it is there, through a temporary name so a cut write is redone. */
async function ensureEvalData(dir: string, quick: boolean): Promise<void> {
  if (await stat(dir).catch(() => null)) return;
  await rm(`${dir}.partial`, { recursive: true, force: true });
  await writeEvalSynthCxr(`${dir}.partial`, quick ? EVAL_SYNTH_QUICK : {});
  await rename(`${dir}.partial`, dir);
}

/** One line per table cell: PRIOR's headline metric against random initialisation's. */
async function headToHead(evalDir: string): Promise<string[]> {
  const results: RunResult[] = await readAllResults(evalDir);
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
    'Writes <out>/prior.json and <out>/global-only.json (the configurations) and SynthCXR',
    '(<out>/synthcxr), pre-trains both runs at once (<out>/prior, <out>/global-only),',
    'evaluates PRIOR, global-only and random initialisation on SynthCXR (<out>/eval-data;',
    'results in <out>/prior/eval and <out>/prior/eval/dense), and writes',
    '<out>/prior/report/report.md. Running it again continues where it stopped.',
  ].join('\n'),
  args: [],
  options: [
    { name: 'out', short: 'o', type: 'string', valueName: '<dir>', default: 'runs/demo', description: 'Directory for the runs, data and report' },
    { name: 'quick', type: 'boolean', description: 'A smoke run: 64 px images, 20 steps per run, a small evaluation set, one seed, 100% labels only, one fine-tuning epoch' },
    { name: 'seeds', type: 'int', min: 1, valueName: '<n>', description: 'Evaluation seeds (default: 3, or 1 with --quick; full fine-tuning uses at most 2)' },
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
    const timings: Record<string, number> = {};
    const t0 = performance.now();

    // One SynthCXR tree (and so one vocabulary) for both runs, written before they start.
    const { config } = await readConfig(`${out}/prior.json`, ctx.cwd);
    const subjects = quick ? 60 : 2000;
    await step(ctx, 'pre-training data', timings, async () => {
      const r = await ensureSynthCxr(`${out}/synthcxr`, { subjects, size: config.model.imageEncoder.imageSize, seed: config.run.seed });
      ctx.log(r.generated ? `generated SynthCXR: ${r.studies?.length} studies of ${subjects} subjects -> ${out}/synthcxr` : `using SynthCXR in ${out}/synthcxr`);
    });
    const pretrain = (name: string): string[] => ['pretrain', '--config', `${out}/${name}.json`, '--out', `${out}/${name}`, '--data', `${out}/synthcxr`, '--resume', '--backend', backend];
    await parallelStep(
      ctx,
      'pre-training (both runs at once)',
      timings,
      [
        { label: 'PRIOR', title: 'pre-training PRIOR', argv: pretrain('prior') },
        { label: 'global-only', title: 'pre-training the global-only ablation', argv: pretrain('global-only') },
      ],
      // The evaluation tree is written meanwhile, on this process's thread.
      async () => {
        const t = performance.now();
        await ensureEvalData(`${out}/eval-data`, quick);
        timings['evaluation data'] = (performance.now() - t) / 1000;
      },
    );

    const seeds = (options.seeds as number | undefined) ?? (quick ? 1 : 3);
    const evaluate = (tasks: readonly string[], dir: string): string[] => [
      'eval', '--run', `${out}/prior`, '--data', `${out}/eval-data`, '--out', dir, '--compare', `global-only=${out}/global-only`,
      ...tasks.flatMap((t) => ['--task', t]),
      '--datasets', 'chexpert,covidx', '--seeds', String(seeds),
      ...(quick
        ? ['--fractions', '1', '--fine-tune-epochs', '1']
        : ['--fine-tune-epochs', String(FINE_TUNE.epochs), '--fine-tune-seeds', String(Math.min(seeds, FINE_TUNE.seeds))]),
      '--backend', backend,
    ];
    await parallelStep(ctx, 'evaluation (two halves at once)', timings, [
      { label: 'eval', title: 'evaluation: classification, zero-shot, retrieval', argv: evaluate(['linear-probe', 'fine-tune', 'zero-shot', 'retrieval'], `${out}/prior/eval`) },
      { label: 'eval-dense', title: 'evaluation: segmentation, detection', argv: evaluate(['segmentation', 'detection'], `${out}/prior/eval/dense`) },
    ]);
    for (const line of await headToHead(`${out}/prior/eval`)) ctx.out(line);
    // The report shows the wall time up to here (the report itself takes under a second).
    const t = (k: string) => timings[k] ?? NaN;
    await writeWallTime(`${out}/prior`, {
      job: `prior demo${quick ? ' --quick' : ''} --backend ${backend}`,
      machine: machineLine(),
      seconds: {
        'pre-training data (SynthCXR)': t('pre-training data'),
        'pre-training, both runs at once': t('pre-training (both runs at once)'),
        '↳ PRIOR': t('pre-training PRIOR'),
        '↳ global-only ablation': t('pre-training the global-only ablation'),
        '↳ evaluation data': t('evaluation data'),
        'evaluation, two halves at once': t('evaluation (two halves at once)'),
        '↳ classification, zero-shot, retrieval': t('evaluation: classification, zero-shot, retrieval'),
        '↳ segmentation, detection': t('evaluation: segmentation, detection'),
        total: (performance.now() - t0) / 1000,
      },
    });
    await step(ctx, 'report', timings, () => reportCommand.run({ args: { run: `${out}/prior` }, options: { compare: [`global-only=${out}/global-only`] } }, ctx));
    const total = (performance.now() - t0) / 1000;
    await writeFile(`${out}/demo-timings.json`, `${JSON.stringify({ quick, backend, seconds: { ...timings, total } }, null, 2)}\n`);
    ctx.out(`demo finished in ${formatDuration(total)}: ${out}/prior/report/report.md`);
  },
};
