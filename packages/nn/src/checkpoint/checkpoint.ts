/**
 * Training checkpoints as one safetensors file, so any safetensors reader can open them:
 *   tensors  `model.<key>` (the model's state dict) and `optimizer.<param index>.<state key>`
 *            (moments), written bit-exactly;
 *   metadata `format` = 'prior.checkpoint/1', `step`, `optimizer` (JSON: hyperparameters per
 *            group and scalar state such as step counts), `scheduler` (JSON), and the
 *            caller's own string entries.
 * pack/unpack are browser-safe; save/load add atomic file I/O.
 */
import { type Device, type Tensor, resolveDevice } from '@prior/tensor';
import { Module, type StateDict } from '../module/index.js';
import { Optimizer, type OptimizerState, type ParamState } from '../optim/index.js';
import { LRScheduler, type SchedulerState } from '../schedule/index.js';
import { CheckpointError } from './errors.js';
import { readFileBytes, writeFileAtomic } from './file-io.js';
import { fromSafetensors, toSafetensors } from './safetensors/tensors.js';

export const CHECKPOINT_FORMAT = 'prior.checkpoint/1';
const RESERVED = ['format', 'step', 'optimizer', 'scheduler'];

export interface CheckpointParts {
  model?: Module | StateDict;
  optimizer?: Optimizer<{ lr: number }> | OptimizerState;
  scheduler?: LRScheduler | SchedulerState;
  step?: number;
  /** Free-form string entries (the keys above are reserved). */
  metadata?: Record<string, string>;
}

/** What a checkpoint holds; the caller owns the tensors (see disposeCheckpoint). */
export interface Checkpoint {
  model: StateDict;
  optimizer: OptimizerState | null;
  scheduler: SchedulerState | null;
  step: number | null;
  metadata: Record<string, string>;
}

interface OptimizerJson {
  paramGroups: OptimizerState['paramGroups'];
  /** Per parameter index: its scalar state and the names of its tensor state. */
  state: Record<string, { scalars: Record<string, number>; tensors: string[] }>;
}

export async function packCheckpoint(parts: CheckpointParts): Promise<Uint8Array> {
  const tensors = new Map<string, Tensor>();
  const metadata: Record<string, string> = { format: CHECKPOINT_FORMAT };
  for (const k of Object.keys(parts.metadata ?? {})) if (RESERVED.includes(k)) throw new CheckpointError(`checkpoint: metadata key '${k}' is reserved`);
  Object.assign(metadata, parts.metadata);
  if (parts.step !== undefined) {
    if (!Number.isSafeInteger(parts.step)) throw new CheckpointError(`checkpoint: step must be an integer, got ${parts.step}`);
    metadata.step = String(parts.step);
  }
  if (parts.model) {
    const sd = parts.model instanceof Module ? parts.model.stateDict() : parts.model;
    for (const [k, t] of sd) tensors.set(`model.${k}`, t);
  }
  if (parts.optimizer) {
    const sd = parts.optimizer instanceof Optimizer ? parts.optimizer.stateDict() : parts.optimizer;
    const json: OptimizerJson = { paramGroups: sd.paramGroups, state: {} };
    for (const [i, s] of sd.state) {
      const entry = { scalars: {} as Record<string, number>, tensors: [] as string[] };
      for (const [k, v] of Object.entries(s)) {
        if (typeof v === 'number') entry.scalars[k] = v;
        else {
          entry.tensors.push(k);
          tensors.set(`optimizer.${i}.${k}`, v);
        }
      }
      json.state[i] = entry;
    }
    metadata.optimizer = JSON.stringify(json);
  }
  if (parts.scheduler) metadata.scheduler = JSON.stringify(parts.scheduler instanceof LRScheduler ? parts.scheduler.stateDict() : parts.scheduler);
  return toSafetensors(tensors, { metadata });
}

function parseJson<T>(what: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new CheckpointError(`checkpoint: the '${what}' metadata is not valid JSON: ${(e as Error).message}`);
  }
}

export function unpackCheckpoint(bytes: Uint8Array, opts: { device?: Device; floatDtype?: 'float32' | 'float64' } = {}): Checkpoint {
  const { tensors, metadata } = fromSafetensors(bytes, opts);
  const free = () => tensors.forEach((t) => t.dispose());
  try {
    if (metadata.format !== CHECKPOINT_FORMAT) throw new CheckpointError(`checkpoint: format is '${metadata.format ?? '(none)'}', expected '${CHECKPOINT_FORMAT}' (a plain safetensors file? use loadSafetensors)`);
    const model: StateDict = new Map();
    for (const [k, t] of tensors) if (k.startsWith('model.')) model.set(k.slice(6), t);
    let optimizer: OptimizerState | null = null;
    if (metadata.optimizer !== undefined) {
      const json = parseJson<OptimizerJson>('optimizer', metadata.optimizer);
      const state = new Map<number, ParamState>();
      for (const [i, e] of Object.entries(json.state)) {
        const s: ParamState = { ...e.scalars };
        for (const k of e.tensors) {
          const t = tensors.get(`optimizer.${i}.${k}`);
          if (!t) throw new CheckpointError(`checkpoint: optimizer state '${k}' of parameter ${i} is listed but tensor 'optimizer.${i}.${k}' is missing`);
          s[k] = t;
        }
        state.set(Number(i), s);
      }
      optimizer = { paramGroups: json.paramGroups, state };
    }
    const scheduler = metadata.scheduler !== undefined ? parseJson<SchedulerState>('scheduler', metadata.scheduler) : null;
    const step = metadata.step !== undefined ? Number(metadata.step) : null;
    const user = Object.fromEntries(Object.entries(metadata).filter(([k]) => !RESERVED.includes(k)));
    // Tensors under no known prefix are not returned: free them.
    for (const [k, t] of tensors) if (!k.startsWith('model.') && !k.startsWith('optimizer.')) t.dispose();
    return { model, optimizer, scheduler, step, metadata: user };
  } catch (e) {
    free();
    throw e;
  }
}

export function disposeCheckpoint(c: Checkpoint): void {
  for (const t of c.model.values()) t.dispose();
  for (const s of c.optimizer?.state.values() ?? []) for (const v of Object.values(s)) if (typeof v !== 'number') v.dispose();
}

export interface RestoreTargets {
  model?: Module;
  optimizer?: Optimizer<{ lr: number }>;
  scheduler?: LRScheduler;
  /** Missing or unexpected model keys throw (default true). */
  strict?: boolean;
}

export interface RestoreResult {
  step: number | null;
  metadata: Record<string, string>;
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** Loads the parts into the given objects (each copies what it needs); then frees the checkpoint. */
export function restoreCheckpoint(c: Checkpoint, targets: RestoreTargets): RestoreResult {
  try {
    let keys = { missingKeys: [] as string[], unexpectedKeys: [] as string[] };
    if (targets.model) keys = targets.model.loadStateDict(c.model, { strict: targets.strict });
    if (targets.optimizer) {
      if (!c.optimizer) throw new CheckpointError('checkpoint: an optimizer was given but the checkpoint holds no optimizer state');
      targets.optimizer.loadStateDict(c.optimizer);
    }
    if (targets.scheduler) {
      if (!c.scheduler) throw new CheckpointError('checkpoint: a scheduler was given but the checkpoint holds no scheduler state');
      targets.scheduler.loadStateDict(c.scheduler);
    }
    return { step: c.step, metadata: c.metadata, ...keys };
  } finally {
    disposeCheckpoint(c);
  }
}

export async function saveCheckpoint(path: string, parts: CheckpointParts): Promise<void> {
  await writeFileAtomic(path, await packCheckpoint(parts));
}

/** Reads a checkpoint; the caller owns the returned tensors. */
export async function readCheckpoint(path: string, opts: { device?: Device; floatDtype?: 'float32' | 'float64' } = {}): Promise<Checkpoint> {
  const bytes = await readFileBytes(path);
  try {
    return unpackCheckpoint(bytes, opts);
  } catch (e) {
    if (e instanceof CheckpointError) e.message = `${path}: ${e.message}`;
    throw e;
  }
}

/**
 * Reads a checkpoint into a model, optimiser and scheduler. Tensors are created on the
 * model's device (else `device`, else the default backend).
 */
export async function loadCheckpoint(path: string, targets: RestoreTargets & { device?: Device; floatDtype?: 'float32' | 'float64' }): Promise<RestoreResult> {
  const first = targets.model?.parameters()[0] ?? targets.optimizer?.paramGroups[0]?.params[0];
  const device = first ? first.value.backend : resolveDevice(targets.device);
  return restoreCheckpoint(await readCheckpoint(path, { device, floatDtype: targets.floatDtype }), targets);
}
