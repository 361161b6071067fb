/**
 * Writes the safetensors layout as the reference implementation (huggingface/safetensors)
 * does: u64 little-endian header length N, N bytes of compact JSON padded with spaces to a
 * multiple of 8 (so every tensor's data starts 8-aligned), then the tensors' bytes back
 * to back. Tensors are placed by descending dtype alignment, then by name (bytewise);
 * the JSON lists `__metadata__` first, then the tensors in data order, each as
 * {"dtype","shape","data_offsets"}. Metadata keys are sorted (the reference uses a hash map,
 * so its order is unspecified).
 */
import { CheckpointError } from '../errors.js';
import { dtypeRank, dtypeSize, isSafeDType } from './dtypes.js';
import type { SafetensorsEntry } from './entry.js';

const utf8 = new TextEncoder();

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

export function checkEntry(name: string, e: SafetensorsEntry): void {
  if (name === '__metadata__') throw new CheckpointError(`safetensors: '__metadata__' is reserved and cannot name a tensor`);
  if (!isSafeDType(e.dtype)) throw new CheckpointError(`safetensors: tensor '${name}' has unknown dtype ${String(e.dtype)}`);
  if (!e.shape.every((n) => Number.isInteger(n) && n >= 0)) throw new CheckpointError(`safetensors: tensor '${name}' has an invalid shape [${e.shape.join(', ')}]`);
  const want = e.shape.reduce((a, b) => a * b, 1) * dtypeSize(e.dtype);
  if (e.bytes.length !== want) {
    throw new CheckpointError(`safetensors: tensor '${name}' (${e.dtype}, shape [${e.shape.join(', ')}]) needs ${want} bytes, got ${e.bytes.length}`);
  }
}

/** The file's bytes. `metadata`, when given, becomes `__metadata__` (string values only). */
export function encodeSafetensors(tensors: Iterable<[string, SafetensorsEntry]>, metadata?: Record<string, string>): Uint8Array {
  const list = [...tensors].map(([name, e]) => {
    checkEntry(name, e);
    return { name, key: utf8.encode(name), e };
  });
  const names = new Set(list.map((t) => t.name));
  if (names.size !== list.length) throw new CheckpointError('safetensors: two tensors share a name');
  list.sort((a, b) => dtypeRank(b.e.dtype) - dtypeRank(a.e.dtype) || compareBytes(a.key, b.key));

  const parts: string[] = [];
  if (metadata) {
    const keys = Object.keys(metadata).sort();
    for (const k of keys) if (typeof metadata[k] !== 'string') throw new CheckpointError(`safetensors: metadata '${k}' must be a string, got ${typeof metadata[k]}`);
    parts.push(`"__metadata__":{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(',')}}`);
  }
  let offset = 0;
  for (const { name, e } of list) {
    const end = offset + e.bytes.length;
    parts.push(`${JSON.stringify(name)}:{"dtype":"${e.dtype}","shape":[${e.shape.join(',')}],"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const json = utf8.encode(`{${parts.join(',')}}`);
  const n = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + n + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + n);
  let at = 8 + n;
  for (const { e } of list) {
    out.set(e.bytes, at);
    at += e.bytes.length;
  }
  return out;
}
