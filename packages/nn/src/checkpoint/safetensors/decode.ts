/**
 * Reads a safetensors buffer with the reference implementation's checks: the header
 * length fits the buffer (and 100 MB), the header is UTF-8 JSON starting with '{', each
 * tensor's offsets are contiguous from 0 when sorted, each byte range matches its
 * shape × dtype size, and the data section ends exactly at the end of the buffer. A
 * failure names the tensor (when there is one) and the sizes involved.
 */
import { CheckpointError } from '../errors.js';
import { dtypeSize, isSafeDType } from './dtypes.js';
import type { SafetensorsEntry, SafetensorsFile } from './entry.js';

const MAX_HEADER = 100_000_000;

interface Info {
  name: string;
  dtype: SafetensorsEntry['dtype'];
  shape: number[];
  start: number;
  end: number;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function parseInfo(name: string, raw: unknown): Info {
  const bad = (what: string) => new CheckpointError(`safetensors: header entry for tensor '${name}' ${what}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('is not an object');
  const r = raw as Record<string, unknown>;
  if (!isSafeDType(r.dtype)) throw bad(`has unknown dtype ${JSON.stringify(r.dtype)}`);
  if (!Array.isArray(r.shape) || !r.shape.every(isCount)) throw bad(`has an invalid shape ${JSON.stringify(r.shape)}`);
  const off = r.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || !off.every(isCount)) throw bad(`has invalid data_offsets ${JSON.stringify(off)}`);
  return { name, dtype: r.dtype, shape: r.shape as number[], start: off[0] as number, end: off[1] as number };
}

function parseMetadata(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CheckpointError('safetensors: __metadata__ must be an object of strings');
  for (const [k, v] of Object.entries(raw)) if (typeof v !== 'string') throw new CheckpointError(`safetensors: __metadata__ '${k}' must be a string, got ${typeof v}`);
  return { ...(raw as Record<string, string>) };
}

export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) throw new CheckpointError(`safetensors: the buffer is ${bytes.length} bytes, too short for the 8-byte header length (truncated file?)`);
  const n64 = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER)) throw new CheckpointError(`safetensors: header length ${n64} exceeds the 100 MB limit (corrupt file?)`);
  const n = Number(n64);
  if (8 + n > bytes.length) throw new CheckpointError(`safetensors: header declares ${n} bytes but only ${bytes.length - 8} follow (truncated file?)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    throw new CheckpointError('safetensors: the header is not valid UTF-8 (corrupt file?)');
  }
  if (!text.startsWith('{')) throw new CheckpointError(`safetensors: the header must start with '{' (corrupt file?)`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(`safetensors: the header is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new CheckpointError('safetensors: the header must be a JSON object');

  let metadata: Record<string, string> = {};
  const infos: Info[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') metadata = parseMetadata(raw);
    else infos.push(parseInfo(name, raw));
  }
  infos.sort((a, b) => a.start - b.start || a.end - b.end);

  const data = bytes.subarray(8 + n);
  const tensors = new Map<string, SafetensorsEntry>();
  let expected = 0;
  for (const t of infos) {
    if (t.start !== expected || t.end < t.start) {
      throw new CheckpointError(`safetensors: tensor '${t.name}' has data_offsets [${t.start}, ${t.end}], expected to start at ${expected} (offsets must be contiguous)`);
    }
    const want = t.shape.reduce((a, b) => a * b, 1) * dtypeSize(t.dtype);
    if (t.end - t.start !== want) {
      throw new CheckpointError(`safetensors: tensor '${t.name}' (${t.dtype}, shape [${t.shape.join(', ')}]) needs ${want} bytes, its offsets span ${t.end - t.start}`);
    }
    if (t.end > data.length) {
      throw new CheckpointError(`safetensors: tensor '${t.name}' ends at byte ${t.end} of the data section, which has only ${data.length} (truncated file?)`);
    }
    tensors.set(t.name, { dtype: t.dtype, shape: t.shape, bytes: data.subarray(t.start, t.end) });
    expected = t.end;
  }
  if (expected !== data.length) {
    throw new CheckpointError(`safetensors: the header describes ${expected} data bytes but the file holds ${data.length} (truncated or trailing bytes)`);
  }
  return { tensors, metadata };
}
