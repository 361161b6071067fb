/** One tensor of a safetensors file, on the host: its dtype, shape and little-endian bytes. */
import type { SafeDType } from './dtypes.js';

export interface SafetensorsEntry {
  dtype: SafeDType;
  shape: number[];
  /** Row-major little-endian element bytes (decode returns views into the file's buffer). */
  bytes: Uint8Array;
}

/** A file's contents: tensors in file order, and the string map of `__metadata__`. */
export interface SafetensorsFile {
  tensors: Map<string, SafetensorsEntry>;
  metadata: Record<string, string>;
}
