/**
 * `prior pretrain`: the staged PRIOR pre-training of @prior/prior on a MIMIC-layout
 * data set (SynthCXR generated into the run directory when --data is not given), with
 * live progress, Ctrl-C writing a checkpoint, and --resume.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PriorModel, SYNTH_MARKER, ensureSynthCxr, openPretrainingData, pretrain, trainingGenerator } from '@prior/prior';
import { Generator, shutdown } from '@prior/tensor';
import { BACKEND_OPTION, type BackendChoice, initBackend } from '../framework/backend.js';
import type { CommandSpec } from '../framework/command.js';
import { readConfig } from '../framework/config-file.js';
import { CliError } from '../framework/errors.js';
import { onInterrupt } from '../framework/interrupt.js';
import { ProgressDisplay } from '../framework/progress.js';
import { type RunInfo, hasRun, readRun, writeRun } from '../framework/run-dir.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export const pretrainCommand: CommandSpec = {
  path: ['pretrain'],
  summary: 'Pre-train PRIOR through every stage of a configuration, with checkpoints and resume',
  description: [
    '--config takes a preset name (tiny, paper) or a JSON/YAML file; a file may start from a',
    'preset with "extends: tiny" and override any field. The run directory receives',
    'config.json, run.json, metrics.jsonl, heldout.jsonl (image-to-report retrieval on the',
    "data's validate/test pairs after every stage) and checkpoints/. Ctrl-C writes a checkpoint",
    'and stops; --resume continues from the newest checkpoint with the recorded configuration.',
  ].join('\n'),
  args: [],
  options: [
    { name: 'config', short: 'c', type: 'string', valueName: '<file|preset>', description: 'Configuration: preset name or JSON/YAML file (default: tiny, or the run\'s own with --resume)' },
    { name: 'out', short: 'o', type: 'string', valueName: '<run dir>', default: 'runs/prior', description: 'Run directory for checkpoints, metrics and the configuration' },
    { name: 'data', type: 'string', valueName: '<dir>', description: 'MIMIC-CXR-layout data set to train on (default: SynthCXR generated into <run dir>/synthcxr)' },
    { name: 'synth-subjects', type: 'int', min: 1, default: 400, valueName: '<n>', description: 'Subjects of the generated SynthCXR when --data is not given' },
    { name: 'resume', type: 'boolean', description: 'Continue from the newest checkpoint in the run directory' },
    BACKEND_OPTION,
  ],
  examples: ['prior pretrain --config tiny --out runs/tiny', 'prior pretrain --config my-run.yaml --out runs/mine --data /data/mimic-cxr-jpg', 'prior pretrain --out runs/tiny --resume'],
  async run({ options }, ctx) {
    const runDir = resolve(ctx.cwd, options.out as string);
    const resume = Boolean(options.resume);
    const previous = resume && (await hasRun(runDir)) ? await readRun(runDir) : null;
    if (!resume && (await hasRun(runDir))) throw new CliError(`--out: ${runDir} already holds a run; pass --resume to continue it or choose another --out`);
    const configArg = options.config as string | undefined;
    const { config, source } = configArg ? await readConfig(configArg, ctx.cwd) : previous ? { config: previous.config, source: previous.info.configSource } : await readConfig('tiny', ctx.cwd);

    let dataDir: string;
    let synthetic = false;
    if (options.data) {
      dataDir = resolve(ctx.cwd, options.data as string);
      // A tree ensureSynthCxr wrote (e.g. the demo's, shared by its runs) is SynthCXR too.
      synthetic = Boolean(await stat(`${dataDir}/${SYNTH_MARKER}`).catch(() => null));
    } else if (previous) ({ data: dataDir, synthetic } = previous.info);
    else {
      dataDir = `${runDir}/synthcxr`;
      synthetic = true;
    }
    // Only a new run generates its own tree: a resumed one keeps the tree it was started on
    // (regenerating with this call's --synth-subjects could change it under the run).
    if (synthetic && !options.data && !previous) {
      const subjects = options['synth-subjects'] as number;
      const r = await ensureSynthCxr(dataDir, { subjects, size: config.model.imageEncoder.imageSize, seed: config.run.seed });
      ctx.log(r.generated ? `generated SynthCXR: ${r.studies?.length} studies of ${subjects} subjects -> ${dataDir}` : `using SynthCXR in ${dataDir}`);
    }

    const backend = await initBackend(options.backend as BackendChoice, ctx.log);
    const started = new Date().toISOString();
    const info: RunInfo = { configSource: source, data: dataDir, synthetic, backend, started, status: 'running' };
    const t0 = performance.now();
    let recorded = false;
    try {
      const { dataset, tokenizer, tooShort } = await openPretrainingData(dataDir, { config, train: true });
      ctx.log(`config ${source}; backend ${backend}; ${dataset.length} image-report pairs (${tooShort} reports too short); run dir ${runDir}`);
      // The validate and test splits: a frozen-encoder retrieval check after every stage.
      const held = (await openPretrainingData(dataDir, { config, train: false, splits: ['validate', 'test'], tokenizer })).dataset;
      if (held.length < 2) ctx.log(`no held-out retrieval check: the validate/test splits of ${dataDir} have ${held.length} usable pairs`);
      await writeRun(runDir, info, config);
      recorded = true;
      const modelGenerator = new Generator(config.run.seed);
      const model = new PriorModel(config, { device: backend, generator: modelGenerator });
      const progress = new ProgressDisplay(process.stderr, ctx.interactive);
      const interrupt = onInterrupt(ctx.log, 'finishing the current step and writing a checkpoint');
      let result;
      try {
        result = await pretrain({
          model,
          config,
          dataset,
          padId: tokenizer.padId,
          runDir,
          resume,
          generator: trainingGenerator(config.run.seed),
          generators: { model: modelGenerator },
          signal: interrupt.signal,
          ...(held.length >= 2 ? { heldOut: held } : {}),
          onHeldOut: (h) => {
            progress.done();
            ctx.log(`held-out retrieval after ${h.stageName} (step ${h.step}, ${h.n} pairs): top-1 ${pct(h.top1)}, top-5 ${pct(h.top5)} (chance ${pct(h.chanceTop1)} / ${pct(h.chanceTop5)})`);
          },
          onProgress: (p) =>
            progress.update({
              step: p.step,
              total: p.totalSteps,
              phase: `stage ${p.stage}/${config.stages.length} ${p.stageName}`,
              loss: p.loss,
              imagesPerSec: p.imagesPerSec,
              etaSeconds: p.etaSeconds,
            }),
        });
      } finally {
        progress.done();
        interrupt.release();
      }
      const seconds = (performance.now() - t0) / 1000;
      await writeRun(runDir, { ...info, status: result.status, step: result.step, totalSteps: result.totalSteps, checkpoint: result.checkpoint, seconds });
      ctx.out(`${result.status}: step ${result.step}/${result.totalSteps} in ${seconds.toFixed(1)}s; checkpoint ${result.checkpoint ?? '(none)'}`);
      if (result.status === 'aborted') {
        ctx.log(`resume with: prior pretrain --out ${options.out as string} --resume`);
        return 130;
      }
      return 0;
    } catch (e) {
      if (recorded) await writeRun(runDir, { ...info, status: 'failed', seconds: (performance.now() - t0) / 1000 }).catch(() => undefined);
      throw e;
    } finally {
      shutdown();
    }
  },
};
