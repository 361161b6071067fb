/**
 * A PRIOR checkpoint (nn's safetensors checkpoint format, as the pre-training loop
 * writes it) as an Encoder: the model is built from `config`, or from the configuration
 * stored in the checkpoint's metadata (`prior.config`) when none is given, and the
 * model's weights are restored strictly (optimiser and schedule state are ignored).
 */
import { loadCheckpoint, readCheckpoint, disposeCheckpoint } from '@prior/nn';
import { PriorModel, type PriorConfig, parseConfig } from '@prior/prior';
import type { Device } from '@prior/tensor';
import type { Encoder } from '../encoder.js';
import { priorEncoder } from './prior-encoder.js';

export const CHECKPOINT_CONFIG_KEY = 'prior.config';

export interface LoadPriorOptions {
  name?: string;
  device?: Device;
}

/** The configuration a pre-training checkpoint stores in its metadata. */
export async function checkpointConfig(checkpointPath: string): Promise<PriorConfig> {
  const c = await readCheckpoint(checkpointPath);
  try {
    const json = c.metadata[CHECKPOINT_CONFIG_KEY];
    if (!json) throw new Error(`${checkpointPath}: no ${CHECKPOINT_CONFIG_KEY} metadata; pass the configuration to loadPriorEncoder`);
    return parseConfig(JSON.parse(json) as PriorConfig);
  } finally {
    disposeCheckpoint(c);
  }
}

export async function loadPriorModel(checkpointPath: string, config?: PriorConfig, opts: LoadPriorOptions = {}): Promise<PriorModel> {
  const model = new PriorModel(config ?? (await checkpointConfig(checkpointPath)), { device: opts.device });
  // Optimiser moments and schedule live beside the model in the file; only model.* is read.
  await loadCheckpoint(checkpointPath, { model, strict: true });
  model.train(false);
  return model;
}

export async function loadPriorEncoder(checkpointPath: string, config?: PriorConfig, opts: LoadPriorOptions = {}): Promise<Encoder> {
  return priorEncoder(await loadPriorModel(checkpointPath, config, opts), { name: opts.name ?? 'PRIOR' });
}
