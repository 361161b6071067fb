/**
 * `prior eval`: the downstream protocols of @prior/eval (`runEvaluation`) for a trained
 * run, against the random-initialisation baseline and any other runs given with
 * --compare (e.g. a global-only ablation), writing results JSON, figures and a report.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EVAL_TASKS, type EvalTask, type MethodLike, loadPriorEncoder, randomInitEncoder, runEvaluation, writeEvalSynthCxr } from '@prior/eval';
import { listCheckpoints } from '@prior/prior';
import { shutdown } from '@prior/tensor';
import { BACKEND_OPTION, type BackendChoice, initBackend } from '../framework/backend.js';
import type { CommandSpec } from '../framework/command.js';
import { parseCompare } from '../framework/compare.js';
import { CliError, UsageError } from '../framework/errors.js';
import { readRun } from '../framework/run-dir.js';
import { loadTokenizer } from '../inference/load-run.js';

const DATASETS = ['chexpert', 'covidx'] as const;

async function newestCheckpoint(runDir: string, flag: string): Promise<string> {
  const all = await listCheckpoints(runDir);
  if (all.length === 0) throw new CliError(`${flag}: ${runDir} has no checkpoint yet; run 'prior pretrain' first`);
  return all[all.length - 1].path;
}

/** A pre-trained run as a table row: each create() loads the same weights afresh. */
async function runMethod(name: string, runDir: string, flag: string, checkpoint: string | undefined, device: string): Promise<MethodLike> {
  const { config } = await readRun(runDir);
  const path = checkpoint ?? (await newestCheckpoint(runDir, flag));
  return { name, create: () => loadPriorEncoder(path, config, { name, device: device as 'cpu' | 'webgpu' }) };
}

function parseList(value: string, flag: string, parse: (s: string) => number | undefined, expected: string): number[] {
  return value.split(',').map((s) => {
    const v = parse(s.trim());
    if (v === undefined) throw new UsageError(`${flag}: expected ${expected}, got ${JSON.stringify(s.trim())} in ${JSON.stringify(value)}`, 'eval');
    return v;
  });
}

export const evalCommand: CommandSpec = {
  path: ['eval'],
  summary: 'Evaluate a run on the downstream tasks against random initialisation and other runs',
  description: [
    `Tasks: ${EVAL_TASKS.join(', ')} (all: every one). The data directory holds chexpert/, covidx/`,
    'and mimic/ (written by --synth when missing); a task whose data is missing is skipped',
    'and listed in the report. Results go to <out>/results/*.json, figures to <out>/figures,',
    "the tables to <out>/report.md; 'prior report <run>' includes them.",
  ].join('\n'),
  args: [],
  options: [
    { name: 'run', short: 'r', type: 'string', valueName: '<run dir>', required: true, description: "Run directory of 'prior pretrain' to evaluate" },
    { name: 'checkpoint', type: 'string', valueName: '<file>', description: "Checkpoint to evaluate instead of the run's newest" },
    { name: 'task', short: 't', type: 'string', choices: [...EVAL_TASKS, 'all'], default: 'all', multiple: true, description: 'Task to run' },
    { name: 'data', type: 'string', valueName: '<dir>', description: 'Evaluation data directory (default: <run dir>/eval-data)' },
    { name: 'synth', type: 'boolean', description: 'Generate the SynthCXR evaluation tree into --data when it is missing' },
    { name: 'out', short: 'o', type: 'string', valueName: '<dir>', description: 'Where results, figures and report.md go (default: <run dir>/eval)' },
    { name: 'compare', type: 'string', valueName: '<name=run dir>', multiple: true, description: "Another pre-trained run as a table row, e.g. 'global-only=runs/global'" },
    { name: 'no-random', type: 'boolean', description: 'Leave out the random-initialisation baseline' },
    { name: 'datasets', type: 'string', valueName: '<a,b>', default: 'chexpert,covidx', description: 'Classification data sets (chexpert, covidx)' },
    { name: 'fractions', type: 'string', valueName: '<f,...>', description: 'Label fractions in (0, 1] for classification, segmentation and detection (default: 0.01,0.1,1)' },
    { name: 'seeds', type: 'int', min: 1, default: 5, valueName: '<n>', description: 'Seeds per setting' },
    { name: 'fine-tune-epochs', type: 'int', min: 1, valueName: '<n>', description: 'Most epochs of full fine-tuning (default: @prior/eval\'s, 10)' },
    { name: 'fine-tune-seeds', type: 'int', min: 1, valueName: '<n>', description: 'Seeds of full fine-tuning, the costliest task (default: --seeds)' },
    BACKEND_OPTION,
  ],
  examples: ['prior eval --run runs/tiny --synth', "prior eval --run runs/tiny --task zero-shot --task retrieval --compare 'global-only=runs/global' --seeds 3"],
  async run({ options }, ctx) {
    const runDir = resolve(ctx.cwd, options.run as string);
    const { config } = await readRun(runDir);
    const taskList = options.task as string[] | string;
    const tasks = (Array.isArray(taskList) ? taskList : [taskList]).includes('all') ? [...EVAL_TASKS] : ([...new Set(taskList as string[])] as EvalTask[]);
    const datasets = (options.datasets as string).split(',').map((d) => d.trim());
    for (const d of datasets) if (!(DATASETS as readonly string[]).includes(d)) throw new UsageError(`--datasets: expected a comma-separated list of ${DATASETS.join(', ')}, got ${JSON.stringify(d)}`, 'eval');
    const fractions = options.fractions
      ? parseList(options.fractions as string, '--fractions', (s) => (s !== '' && Number(s) > 0 && Number(s) <= 1 ? Number(s) : undefined), 'fractions in (0, 1]')
      : undefined;
    const compare = parseCompare(options.compare as string[] | undefined, ctx.cwd, 'eval');
    const dataDir = options.data ? resolve(ctx.cwd, options.data as string) : `${runDir}/eval-data`;
    const outDir = options.out ? resolve(ctx.cwd, options.out as string) : `${runDir}/eval`;
    if (!(await stat(dataDir).catch(() => null))) {
      if (!options.synth) throw new CliError(`--data: ${dataDir} does not exist; give an evaluation data directory or pass --synth to generate SynthCXR there`);
      ctx.log(`generating the SynthCXR evaluation tree in ${dataDir}`);
      await writeEvalSynthCxr(dataDir);
    }

    const device = await initBackend(options.backend as BackendChoice, ctx.log);
    try {
      const tokenizer = await loadTokenizer(runDir);
      const methods: MethodLike[] = [await runMethod('PRIOR', runDir, '--run', options.checkpoint ? resolve(ctx.cwd, options.checkpoint as string) : undefined, device)];
      for (const c of compare) methods.push(await runMethod(c.name, c.dir, '--compare', undefined, device));
      if (!options['no-random']) methods.push({ name: 'random init', create: (seed: number) => randomInitEncoder(config, { seed, device }) });
      const t0 = performance.now();
      const summary = await runEvaluation({
        dataDir,
        outDir,
        methods,
        tasks,
        datasets: datasets as (typeof DATASETS)[number][],
        fractions,
        seeds: options.seeds as number,
        ...(options['fine-tune-seeds'] ? { fineTuneSeeds: options['fine-tune-seeds'] as number } : {}),
        ...(options['fine-tune-epochs'] ? { fineTune: { maxEpochs: options['fine-tune-epochs'] as number } } : {}),
        config,
        tokenizer,
        title: `Evaluation of ${options.run as string}`,
        onProgress: ctx.log,
      });
      for (const s of summary.skipped) ctx.log(`skipped: ${s}`);
      ctx.out(`${summary.results.length} results in ${((performance.now() - t0) / 1000).toFixed(1)}s -> ${outDir}/${summary.reportPath}`);
      return summary.results.length > 0 ? 0 : 1;
    } finally {
      shutdown();
    }
  },
};
