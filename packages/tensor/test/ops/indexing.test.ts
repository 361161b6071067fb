import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as T from '../../src/index.js';
import { agree, arbInput, arbShape, forAllBackends, type InputSpec } from '../support/compare.js';

/** x of rank >= 1, a dim, and an int32 index valid for gather along it. */
const arbGather = arbShape(3, 5, 1)
  .map((s) => s.map((d) => Math.max(d, 1)))
  .chain((s) =>
    fc.integer({ min: 0, max: s.length - 1 }).chain((dim) => {
      const idxShape = s.map((d, i) => (i === dim ? d + 1 : d));
      const n = idxShape.reduce((a, b) => a * b, 1);
      return fc
        .tuple(arbInput(s), fc.array(fc.integer({ min: 0, max: s[dim] - 1 }), { minLength: n, maxLength: n }), arbInput(idxShape))
        .map(([x, idx, src]) => ({ x, dim, index: { shape: idxShape, values: idx, dtype: 'int32' } as InputSpec, src }));
    }),
  );

describe('indexing agrees with the float64 oracle', () => {
  it('gather', async () => {
    await forAllBackends(arbGather, (be, { x, dim, index }) => agree(be, [x, index], (t, i) => T.gather(t, dim, i)));
  });

  it('scatterAdd with duplicate indices', async () => {
    await forAllBackends(arbGather, (be, { x, dim, index, src }) =>
      agree(be, [x, index, src], (t, i, s) => T.scatterAdd(t, dim, i, s), { reduceLen: x.shape[dim] + 1 }),
    );
  });

  it('indexSelect (embedding lookup) and oneHot', async () => {
    const arb = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 6 })).chain(([v, d]) =>
      fc.tuple(arbInput([v, d]), fc.array(fc.integer({ min: 0, max: v - 1 }), { minLength: 1, maxLength: 12 })).map(([w, ids]) => ({ w, ids, v })),
    );
    await forAllBackends(arb, async (be, { w, ids, v }) => {
      const index: InputSpec = { shape: [ids.length], values: ids, dtype: 'int32' };
      await agree(be, [w, index], (t, i) => T.indexSelect(t, 0, i));
      await agree(be, [index], (i) => T.oneHot(i, v));
    });
  });
});
