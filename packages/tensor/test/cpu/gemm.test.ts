import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gemmNN, gemmNT } from '../../src/backends/cpu/gemm.js';
import { randomValues } from './helpers.js';

/**
 * The blocked product loops against a plain triple loop, on sizes that exercise every
 * remainder (rows not a multiple of 4 or 2, odd K), with operands at offsets inside
 * larger arrays and C pre-filled (the loops accumulate). Integer-valued inputs keep every
 * sum exact, so any reordering of the additions still gives identical results.
 */
const dims = fc.record({
  M: fc.integer({ min: 0, max: 9 }),
  K: fc.integer({ min: 0, max: 9 }),
  N: fc.integer({ min: 0, max: 9 }),
  pad: fc.integer({ min: 0, max: 3 }),
  seed: fc.integer({ min: 1, max: 1000 }),
});

const ints = (n: number, seed: number) => Float64Array.from(randomValues(n, seed), (x) => Math.round(x * 20) + 0);

describe('cpu gemm loops', () => {
  it('gemmNN accumulates A·B', () => {
    fc.assert(
      fc.property(dims, ({ M, K, N, pad, seed }) => {
        const A = ints(pad + M * K, seed);
        const B = ints(pad + K * N, seed + 1);
        const C = ints(pad + M * N, seed + 2);
        const expected = C.slice();
        for (let i = 0; i < M; i++)
          for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) expected[pad + i * N + j] += A[pad + i * K + k] * B[pad + k * N + j];
        gemmNN(A, pad, B, pad, C, pad, M, K, N);
        expect(C).toEqual(expected);
      }),
    );
  });

  it('gemmNT accumulates A·Bᵀ', () => {
    fc.assert(
      fc.property(dims, ({ M, K, N, pad, seed }) => {
        const A = ints(pad + M * K, seed);
        const B = ints(pad + N * K, seed + 1);
        const C = ints(pad + M * N, seed + 2);
        const expected = C.slice();
        for (let i = 0; i < M; i++)
          for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) expected[pad + i * N + j] += A[pad + i * K + k] * B[pad + j * K + k];
        gemmNT(A, pad, B, pad, C, pad, M, K, N);
        expect(C).toEqual(expected);
      }),
    );
  });
});
