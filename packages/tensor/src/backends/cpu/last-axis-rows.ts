import type { View } from '../../backend.js';
import { BackendError } from '../../errors.js';
import type { TypedArray } from '../../dtype.js';
import { dataOf } from './storage.js';
import { offsetsOf } from './strided.js';

/** A view as rows over its last axis: row r's element j is data[bases[r] + j·stride]. */
export interface CpuLastAxisRows {
  data: TypedArray;
  bases: Int32Array;
  len: number;
  stride: number;
}

export function cpuLastAxisRows(name: string, x: View): CpuLastAxisRows {
  const r = x.shape.length;
  if (r === 0) throw new BackendError(`cpu ${name}: expected a tensor of rank ≥ 1, got a scalar`);
  return { data: dataOf(x.storage), bases: offsetsOf(x.shape.slice(0, -1), x.strides.slice(0, -1), x.offset), len: x.shape[r - 1], stride: x.strides[r - 1] };
}
