import { describe, expect, it } from 'vitest';
import { cpu, expectClose, randomValues, strided, values, view } from './helpers.js';

/** Plain triple loop over contiguous row-major data, as the reference. */
function naive(a: number[], b: number[], batch: number, M: number, K: number, N: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < batch; t++)
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += a[t * M * K + i * K + k] * b[t * K * N + k * N + j];
        out.push(s);
      }
  return out;
}

describe('cpu matmul', () => {
  it('matches a known product', () => {
    const a = view([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = view([7, 8, 9, 10, 11, 12], [3, 2]);
    expect(values(cpu.matmul(a, b, 'float64'))).toEqual([58, 64, 139, 154]);
  });

  it('batched, with transposed and broadcast (stride 0) operands', () => {
    const [B, M, K, N] = [3, 4, 5, 6];
    const A = randomValues(B * M * K, 3);
    const Bv = randomValues(K * N, 4);
    // a stored as [B, K, M] and read transposed; b shared by every batch through stride 0.
    const aT: number[] = new Array(B * M * K);
    for (let t = 0; t < B; t++) for (let i = 0; i < M; i++) for (let k = 0; k < K; k++) aT[t * K * M + k * M + i] = A[t * M * K + i * K + k];
    const a = strided(aT, [B, M, K], [K * M, 1, M], 0);
    const b = strided(Bv, [B, K, N], [0, N, 1], 0);
    const bFull = [...Bv, ...Bv, ...Bv];
    expectClose(values(cpu.matmul(a, b, 'float64')), naive(A, bFull, B, M, K, N), 1e-14, 1e-14);
  });

  it('rounds float32 results once and propagates inf/NaN', () => {
    const a = view([1 / 3, 1], [1, 2], 'float32');
    const b = view([3, 1e-8], [2, 1], 'float32');
    expect(values(cpu.matmul(a, b, 'float32'))).toEqual([Math.fround(Math.fround(1 / 3) * 3 + Math.fround(1e-8))]);
    const z = cpu.matmul(view([0, 1], [1, 2]), view([Infinity, 2], [2, 1]), 'float64');
    expect(values(z)).toEqual([NaN]);
  });

  it('int32 products wrap like int32', () => {
    const a = view([65536, 3], [1, 2], 'int32');
    const b = view([65536, 5], [2, 1], 'int32');
    expect(values(cpu.matmul(a, b, 'int32'))).toEqual([15]);
  });
});
