/** Whole files ↔ named tensors (browser-safe: bytes in, bytes out). */
import type { Tensor } from '@prior/tensor';
import { type EntryToTensorOptions, type TensorToEntryOptions, entryToTensor, tensorToEntry } from './convert.js';
import { decodeSafetensors } from './decode.js';
import { encodeSafetensors } from './encode.js';
import type { SafetensorsEntry } from './entry.js';

export interface ToSafetensorsOptions {
  metadata?: Record<string, string>;
  /** How int32 tensors are written: one choice for all, or per tensor name (default 'I32'). */
  intDtype?: TensorToEntryOptions['intDtype'] | ((name: string) => TensorToEntryOptions['intDtype']);
}

export type NamedTensors = ReadonlyMap<string, Tensor> | Record<string, Tensor>;

const entriesOf = (t: NamedTensors): [string, Tensor][] => (t instanceof Map ? [...t] : Object.entries(t as Record<string, Tensor>));

/** A safetensors file holding `tensors` (read back from their devices). */
export async function toSafetensors(tensors: NamedTensors, opts: ToSafetensorsOptions = {}): Promise<Uint8Array> {
  const entries: [string, SafetensorsEntry][] = [];
  const pick = opts.intDtype;
  for (const [name, t] of entriesOf(tensors)) entries.push([name, await tensorToEntry(t, { intDtype: typeof pick === 'function' ? pick(name) : pick })]);
  return encodeSafetensors(entries, opts.metadata);
}

/** The tensors (in file order; the caller owns them) and metadata of a safetensors file. */
export function fromSafetensors(bytes: Uint8Array, opts: EntryToTensorOptions = {}): { tensors: Map<string, Tensor>; metadata: Record<string, string> } {
  const file = decodeSafetensors(bytes);
  const tensors = new Map<string, Tensor>();
  try {
    for (const [name, e] of file.tensors) tensors.set(name, entryToTensor(name, e, opts));
  } catch (err) {
    for (const t of tensors.values()) t.dispose();
    throw err;
  }
  return { tensors, metadata: file.metadata };
}
