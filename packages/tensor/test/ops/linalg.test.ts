import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as T from '../../src/index.js';
import { agree, arbInput, forAllBackends } from '../support/compare.js';

const dim = fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom(16, 17, 33, 64, 65));

describe('matmul agrees with the float64 oracle', () => {
  it('batched, broadcast batch dims, any layout', async () => {
    const arb = fc
      .tuple(dim, dim, dim, fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.boolean())
      .chain(([m, k, n, batch, bcast]) =>
        fc.tuple(arbInput([...batch, m, k]), arbInput([...(bcast ? batch.map(() => 1) : batch), k, n])).map(([a, b]) => ({ a, b, k })),
      );
    await forAllBackends(arb, (be, { a, b, k }) => agree(be, [a, b], T.matmul, { reduceLen: k }));
  });

  it('1-D operands (vector-matrix, matrix-vector, dot)', async () => {
    const arb = fc.tuple(dim, dim).chain(([m, k]) => fc.tuple(arbInput([m, k]), arbInput([k])).map(([a, v]) => ({ a, v, k })));
    await forAllBackends(arb, async (be, { a, v, k }) => {
      await agree(be, [a, v], T.matmul, { reduceLen: k });
      await agree(be, [v, { ...a, shape: [a.shape[1], a.shape[0]] }], T.matmul, { reduceLen: k });
      await agree(be, [v, v], T.matmul, { reduceLen: k });
    });
  });

  it('transposed operands are read in place', async () => {
    const arb = fc.tuple(dim, dim, dim).chain(([m, k, n]) => fc.tuple(arbInput([k, m]), arbInput([n, k])).map(([a, b]) => ({ a, b, k })));
    await forAllBackends(arb, (be, { a, b, k }) => agree(be, [a, b], (x, y) => T.matmul(T.transpose(x), T.transpose(y)), { reduceLen: k }));
  });
});
