/**
 * A trained PRIOR model ready for inference, from a run directory of `prior pretrain`:
 * its configuration, the newest (or a chosen) checkpoint, and the tokenizer whose
 * vocabulary the run cached beside its data.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BertTokenizer } from '@prior/datasets';
import { disposeCheckpoint, readCheckpoint } from '@prior/nn';
import { type PriorConfig, PriorModel, readLatestCheckpoint, trainingStateOf, vocabFileName } from '@prior/prior';
import type { BackendName } from '@prior/tensor';
import { BACKEND_OPTION, type BackendChoice, initBackend } from '../framework/backend.js';
import { CliError } from '../framework/errors.js';
import type { OptionSpec } from '../framework/command.js';
import { readRun } from '../framework/run-dir.js';

export interface LoadedModel {
  model: PriorModel;
  tokenizer: BertTokenizer;
  config: PriorConfig;
  device: BackendName;
  checkpoint: string;
  /** Whether sentence vectors go through the prototype bank: only once a trained stage used it. */
  usePrototypes: boolean;
}

/** The flags every command that uses a trained model shares. */
export const MODEL_OPTIONS: OptionSpec[] = [
  { name: 'run', short: 'r', type: 'string', valueName: '<run dir>', required: true, description: "Run directory of 'prior pretrain' (its configuration, checkpoints and vocabulary)" },
  { name: 'checkpoint', type: 'string', valueName: '<file>', description: 'A checkpoint file to load instead of the run\'s newest' },
  BACKEND_OPTION,
];

/** The tokenizer a run trained with: its vocabulary is cached beside the run's data. */
export async function loadTokenizer(runDir: string): Promise<BertTokenizer> {
  const { info, config } = await readRun(runDir);
  const vocabPath = `${info.data}/${vocabFileName(config.model.textEncoder.vocabSize)}`;
  try {
    return BertTokenizer.fromVocab(await readFile(vocabPath, 'utf8'));
  } catch (e) {
    throw new CliError(`${vocabPath}: the run's vocabulary cannot be read (${(e as Error).message}); was the data directory moved?`);
  }
}

export async function loadModel(options: Record<string, unknown>, cwd: string, log: (l: string) => void): Promise<LoadedModel> {
  const runDir = resolve(cwd, options.run as string);
  const { config } = await readRun(runDir);
  const device = await initBackend(options.backend as BackendChoice, log);
  const tokenizer = await loadTokenizer(runDir);
  let loaded;
  if (options.checkpoint) {
    const path = resolve(cwd, options.checkpoint as string);
    const checkpoint = await readCheckpoint(path, { device });
    loaded = { checkpoint, state: trainingStateOf(checkpoint, path), path };
  } else {
    loaded = await readLatestCheckpoint(runDir, device);
    if (!loaded) throw new CliError(`--run: ${runDir} has no checkpoint yet; run 'prior pretrain' first`);
  }
  const model = new PriorModel(config, { device });
  try {
    model.loadStateDict(loaded.checkpoint.model);
  } finally {
    disposeCheckpoint(loaded.checkpoint);
  }
  model.eval();
  // The bank is trained only from the first stage that uses prototypes; before that it would scramble the sentences.
  const reached = config.stages.slice(0, Math.min(loaded.state.stageIndex, config.stages.length - 1) + 1);
  const usePrototypes = model.bank !== null && reached.some((s) => s.usePrototypes);
  return { model, tokenizer, config, device, checkpoint: loaded.path, usePrototypes };
}
