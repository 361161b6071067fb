/**
 * Entries ↔ tensors. Reading: F32 → float32, F16/BF16 → float32 (exact), F64 → float64,
 * integer types → int32 (an error names the tensor if a value does not fit), BOOL → bool.
 * Writing: float32 → F32, float64 → F64, int32 → I32 (or I64 on request, as PyTorch
 * stores integer buffers), bool → BOOL. Bytes are little-endian, as on every host this
 * runs on (checked once).
 */
import { type DType, type Device, type Tensor, type TypedArray, resolveDevice, tensor } from '@prior/tensor';
import { CheckpointError } from '../errors.js';
import type { SafetensorsEntry } from './entry.js';
import { bf16ToFloat32, halfToFloat32 } from './half.js';

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new CheckpointError('safetensors: a big-endian host is not supported');

type View<T> = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T;

/** A typed view of the bytes, copying first when they are not aligned for the type. */
function view<T>(Ctor: View<T>, bytes: Uint8Array, size: number): T {
  const b = bytes.byteOffset % size === 0 ? bytes : bytes.slice();
  return new Ctor(b.buffer, b.byteOffset, b.length / size);
}

/** 64-bit integers as int32, via their 32-bit halves (no BigInt needed). */
function int64ToInt32(name: string, bytes: Uint8Array, unsigned: boolean): Int32Array {
  const words = view(Int32Array, bytes, 4);
  const out = new Int32Array(words.length / 2);
  for (let i = 0; i < out.length; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    const fits = unsigned ? hi === 0 && lo >= 0 : hi === lo >> 31;
    if (!fits) throw new CheckpointError(`safetensors: tensor '${name}' element ${i} does not fit in int32 (the largest integer type here)`);
    out[i] = lo;
  }
  return out;
}

function toInt32(name: string, src: ArrayLike<number>): Int32Array {
  const out = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    if (src[i] > 0x7fffffff) throw new CheckpointError(`safetensors: tensor '${name}' element ${i} (${src[i]}) does not fit in int32`);
    out[i] = src[i];
  }
  return out;
}

/** The entry's values as a host array of one of the tensor dtypes. */
export function entryValues(name: string, e: SafetensorsEntry): { dtype: DType; values: TypedArray } {
  const b = e.bytes;
  switch (e.dtype) {
    case 'F32':
      return { dtype: 'float32', values: view(Float32Array, b, 4) };
    case 'F64':
      return { dtype: 'float64', values: view(Float64Array, b, 8) };
    case 'F16':
      return { dtype: 'float32', values: halfToFloat32(view(Uint16Array, b, 2)) };
    case 'BF16':
      return { dtype: 'float32', values: bf16ToFloat32(view(Uint16Array, b, 2)) };
    case 'I32':
      return { dtype: 'int32', values: view(Int32Array, b, 4) };
    case 'I64':
      return { dtype: 'int32', values: int64ToInt32(name, b, false) };
    case 'U64':
      return { dtype: 'int32', values: int64ToInt32(name, b, true) };
    case 'U32':
      return { dtype: 'int32', values: toInt32(name, view(Uint32Array, b, 4)) };
    case 'I16':
      return { dtype: 'int32', values: Int32Array.from(view(Int16Array, b, 2)) };
    case 'U16':
      return { dtype: 'int32', values: Int32Array.from(view(Uint16Array, b, 2)) };
    case 'I8':
      return { dtype: 'int32', values: Int32Array.from(new Int8Array(b.buffer, b.byteOffset, b.length)) };
    case 'U8':
      return { dtype: 'int32', values: Int32Array.from(b) };
    case 'BOOL':
      return { dtype: 'bool', values: Uint8Array.from(b, (v) => (v ? 1 : 0)) };
    default:
      throw new CheckpointError(`safetensors: tensor '${name}' has dtype ${e.dtype}, which cannot be read here`);
  }
}

export interface EntryToTensorOptions {
  device?: Device;
  /** Cast every floating-point tensor to this dtype (e.g. float32 to load F64 onto WebGPU). */
  floatDtype?: 'float32' | 'float64';
}

export function entryToTensor(name: string, e: SafetensorsEntry, opts: EntryToTensorOptions = {}): Tensor {
  const { dtype, values } = entryValues(name, e);
  const want = opts.floatDtype && (dtype === 'float32' || dtype === 'float64') ? opts.floatDtype : dtype;
  const backend = resolveDevice(opts.device);
  if (!backend.supportsDType(want)) {
    throw new CheckpointError(`safetensors: tensor '${name}' is ${e.dtype}, read as ${want}, which the ${backend.name} backend lacks (pass floatDtype: 'float32')`);
  }
  return tensor(values, { shape: e.shape, dtype: want, device: backend });
}

export interface TensorToEntryOptions {
  /** How int32 tensors are written (default 'I32'; PyTorch's integer buffers are I64). */
  intDtype?: 'I32' | 'I64';
}

/** Reads the tensor back to the host (async) and lays out its bytes. */
export async function tensorToEntry(t: Tensor, opts: TensorToEntryOptions = {}): Promise<SafetensorsEntry> {
  const data = await t.data();
  const shape = [...t.shape];
  const raw = (a: TypedArray) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  switch (t.dtype) {
    case 'float32':
      return { dtype: 'F32', shape, bytes: raw(data) };
    case 'float64':
      return { dtype: 'F64', shape, bytes: raw(data) };
    case 'bool':
      return { dtype: 'BOOL', shape, bytes: raw(data) };
    case 'int32': {
      if ((opts.intDtype ?? 'I32') === 'I32') return { dtype: 'I32', shape, bytes: raw(data) };
      const words = new Int32Array(data.length * 2);
      for (let i = 0; i < data.length; i++) {
        words[2 * i] = data[i];
        words[2 * i + 1] = data[i] < 0 ? -1 : 0; // sign extension
      }
      return { dtype: 'I64', shape, bytes: raw(words) };
    }
  }
}
