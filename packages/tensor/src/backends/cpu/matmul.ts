import type { View } from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';
import { gemmNN } from './gemm.js';
import { Slot, scratchF64, zeroedF64 } from './scratch.js';
import { copyFromF64 } from './storage.js';
import { readF64Into } from './strided.js';

/**
 * Batched matmul [...batch, M, K] × [...batch, K, N] with equal batch dims. Operands are
 * first made contiguous (any strides are accepted), then multiplied by gemm.ts's loops.
 * An int32 result wraps like int32 arithmetic.
 */
export function matmulKernel(a: View, b: View, outDtype: DType): TypedArray {
  const r = a.shape.length;
  const M = a.shape[r - 2];
  const K = a.shape[r - 1];
  const N = b.shape[r - 1];
  let batch = 1;
  for (let i = 0; i < r - 2; i++) batch *= a.shape[i];
  // Operands and accumulator live in scratch work space (see scratch.ts).
  const A = readF64Into(a, scratchF64(Slot.A, batch * M * K));
  const B = readF64Into(b, scratchF64(Slot.B, batch * K * N));
  const out = zeroedF64(Slot.C, batch * M * N);
  for (let bi = 0; bi < batch; bi++) {
    if (outDtype === 'int32') intRows(A, B, out, bi * M * K, bi * K * N, bi * M * N, M, K, N);
    else gemmNN(A, bi * M * K, B, bi * K * N, out, bi * M * N, M, K, N);
  }
  return copyFromF64(out, outDtype);
}

/** int32 path: products and sums wrap at every step, as int32 arithmetic does. */
function intRows(A: Float64Array, B: Float64Array, out: Float64Array, aB: number, bB: number, oB: number, M: number, K: number, N: number): void {
  for (let i = 0; i < M; i++) {
    const o = oB + i * N;
    for (let k = 0; k < K; k++) {
      const ak = A[aB + i * K + k];
      const bk = bB + k * N;
      for (let j = 0; j < N; j++) out[o + j] = (out[o + j] + Math.imul(ak, B[bk + j])) | 0;
    }
  }
}
