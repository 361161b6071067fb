/** safetensors files on disk (Node): atomic save, load with the format's checks. */
import type { Tensor } from '@prior/tensor';
import { CheckpointError } from './errors.js';
import { readFileBytes, writeFileAtomic } from './file-io.js';
import type { EntryToTensorOptions } from './safetensors/convert.js';
import { type NamedTensors, type ToSafetensorsOptions, fromSafetensors, toSafetensors } from './safetensors/tensors.js';

export async function saveSafetensors(path: string, tensors: NamedTensors, opts: ToSafetensorsOptions = {}): Promise<void> {
  await writeFileAtomic(path, await toSafetensors(tensors, opts));
}

export async function loadSafetensors(path: string, opts: EntryToTensorOptions = {}): Promise<{ tensors: Map<string, Tensor>; metadata: Record<string, string> }> {
  const bytes = await readFileBytes(path);
  try {
    return fromSafetensors(bytes, opts);
  } catch (e) {
    if (e instanceof CheckpointError) e.message = `${path}: ${e.message}`;
    throw e;
  }
}
