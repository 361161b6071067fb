import type { RandomParams } from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';
import { fromF64 } from './storage.js';
import { philox4x32 } from './philox.js';

const TWO_NEG_24 = 2 ** -24;
const TWO_32 = 2 ** 32;

/**
 * The stream of src/random/spec.ts: element i reads word i % 4 of the block at
 * counter + floor(i / 4) (64-bit add over the two low counter words; high words 0).
 */
export function randomKernel(size: number, p: RandomParams, dtype: DType): TypedArray {
  const out = new Float64Array(size);
  const words = new Uint32Array(4);
  const ctr = [0, 0, 0, 0];
  const key = [p.key[0] >>> 0, p.key[1] >>> 0];
  for (let b = 0; b * 4 < size; b++) {
    // 64-bit counter + b: add to the low word, carry into the high word, wrap at 2^64.
    const lo = (p.counter[0] >>> 0) + b;
    ctr[0] = lo % TWO_32;
    ctr[1] = ((p.counter[1] >>> 0) + Math.floor(lo / TWO_32)) % TWO_32;
    philox4x32(ctr, key, words);
    const n = Math.min(4, size - b * 4);
    for (let l = 0; l < n; l++) out[b * 4 + l] = transform(p.kind, words, l);
  }
  return fromF64(out, dtype);
}

function transform(kind: RandomParams['kind'], w: Uint32Array, lane: number): number {
  if (kind === 'bits') return w[lane] | 0;
  if (kind === 'uniform') return (w[lane] >>> 8) * TWO_NEG_24;
  const a = lane < 2 ? 0 : 2;
  const u1 = ((w[a] >>> 8) + 1) * TWO_NEG_24;
  const u2 = (w[a + 1] >>> 8) * TWO_NEG_24;
  const r = Math.sqrt(-2 * Math.log(u1));
  const theta = 2 * Math.PI * u2;
  return lane % 2 === 0 ? r * Math.cos(theta) : r * Math.sin(theta);
}
