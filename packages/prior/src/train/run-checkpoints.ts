/**
 * The checkpoints of a pre-training run: `<runDir>/checkpoints/step-00000120.safetensors`,
 * each one safetensors file (nn's checkpoint format) holding the model, the optimiser and
 * schedule of the current stage, and, in its metadata, the training state: stage and
 * step, the random generators' positions and the data loader's position.
 *
 * Files are written whole to a temporary name and renamed (nn's writeFileAtomic), so a
 * crash leaves the previous checkpoint intact and never a partial file under a final name.
 * Reading takes the newest file that loads, skipping any that do not.
 */
import { type Checkpoint, CheckpointError, type LRScheduler, type Module, type Optimizer, packCheckpoint, readCheckpoint, writeFileAtomic } from '@prior/nn';
import type { LoaderState } from '@prior/datasets';
import type { Device } from '@prior/tensor';
import { TrainingError } from './errors.js';

export const CHECKPOINT_DIR = 'checkpoints';
const NAME = /^step-(\d{8,})\.safetensors$/;
const STATE_KEY = 'prior.training';
const CONFIG_KEY = 'prior.config';

export interface GeneratorState {
  seed: string;
  counter: string;
}

/** Where training stands after the checkpoint's last step. */
export interface TrainingState {
  /** Optimiser steps taken over the whole run. */
  step: number;
  /** 0-based stage index. */
  stageIndex: number;
  /** Steps taken within that stage (equal to its length at a stage boundary). */
  stageStep: number;
  generators: Record<string, GeneratorState>;
  loader: LoaderState;
}

export const checkpointName = (step: number): string => `step-${String(step).padStart(8, '0')}.safetensors`;

export interface CheckpointFile {
  step: number;
  path: string;
}

/** Complete checkpoint files of a run, oldest first (temporary files are ignored). */
export async function listCheckpoints(runDir: string): Promise<CheckpointFile[]> {
  const fs = await import('node:fs/promises');
  const dir = `${runDir}/${CHECKPOINT_DIR}`;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names
    .flatMap((n) => {
      const m = NAME.exec(n);
      return m ? [{ step: Number(m[1]), path: `${dir}/${n}` }] : [];
    })
    .sort((a, b) => a.step - b.step);
}

export interface SaveParts {
  model: Module;
  optimizer: Optimizer<{ lr: number }>;
  scheduler: LRScheduler;
  state: TrainingState;
  /** The run's configuration as JSON, stored so a checkpoint describes itself. */
  configJson: string;
}

export type WriteFile = (path: string, bytes: Uint8Array) => Promise<void>;

/** Writes the checkpoint of `state.step` and returns its path. */
export async function saveTrainingCheckpoint(runDir: string, parts: SaveParts, write: WriteFile = writeFileAtomic): Promise<string> {
  const fs = await import('node:fs/promises');
  await fs.mkdir(`${runDir}/${CHECKPOINT_DIR}`, { recursive: true });
  const bytes = await packCheckpoint({
    model: parts.model,
    optimizer: parts.optimizer,
    scheduler: parts.scheduler,
    step: parts.state.step,
    metadata: { [STATE_KEY]: JSON.stringify(parts.state), [CONFIG_KEY]: parts.configJson },
  });
  const path = `${runDir}/${CHECKPOINT_DIR}/${checkpointName(parts.state.step)}`;
  await write(path, bytes);
  return path;
}

/** Deletes all but the newest `keep` checkpoints (keep ≥ 1). */
export async function pruneCheckpoints(runDir: string, keep: number): Promise<void> {
  const fs = await import('node:fs/promises');
  const all = await listCheckpoints(runDir);
  for (const c of all.slice(0, Math.max(0, all.length - Math.max(1, keep)))) await fs.rm(c.path, { force: true });
}

/** The training state stored in a checkpoint's metadata. */
export function trainingStateOf(c: Checkpoint, path: string): TrainingState {
  const text = c.metadata[STATE_KEY];
  if (text === undefined) throw new TrainingError(`${path}: not a pre-training checkpoint (no '${STATE_KEY}' metadata)`);
  return JSON.parse(text) as TrainingState;
}

/** The configuration JSON stored in a checkpoint (undefined in other checkpoints). */
export const configJsonOf = (c: Checkpoint): string | undefined => c.metadata[CONFIG_KEY];

export interface LoadedCheckpoint {
  checkpoint: Checkpoint;
  state: TrainingState;
  path: string;
  /** Newer files that could not be read (with the reason), skipped. */
  skipped: string[];
}

/** Reads the newest readable checkpoint of a run (the caller owns its tensors), or null when there is none. */
export async function readLatestCheckpoint(runDir: string, device?: Device): Promise<LoadedCheckpoint | null> {
  const skipped: string[] = [];
  for (const f of (await listCheckpoints(runDir)).reverse()) {
    try {
      const checkpoint = await readCheckpoint(f.path, { device });
      return { checkpoint, state: trainingStateOf(checkpoint, f.path), path: f.path, skipped };
    } catch (e) {
      if (!(e instanceof CheckpointError) && !(e instanceof TrainingError) && !(e instanceof SyntaxError)) throw e;
      skipped.push(`${f.path}: ${(e as Error).message}`);
    }
  }
  return null;
}
