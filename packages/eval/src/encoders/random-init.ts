/**
 * The random-initialisation baseline: the PRIOR architecture of a configuration with fresh
 * weights drawn from a seeded generator (training from scratch in the fine-tuning and
 * segmentation/detection tasks; chance-level references elsewhere).
 */
import { PriorModel, type PriorConfig } from '@prior/prior';
import { type Device, Generator } from '@prior/tensor';
import type { Encoder } from '../encoder.js';
import { priorEncoder } from './prior-encoder.js';

export interface RandomInitOptions {
  seed?: number;
  name?: string;
  device?: Device;
}

export function randomInitEncoder(config: PriorConfig, opts: RandomInitOptions = {}): Encoder {
  const model = new PriorModel(config, { generator: new Generator(opts.seed ?? 0), device: opts.device });
  return priorEncoder(model, { name: opts.name ?? 'random init' });
}
