import fc from 'fast-check';
import * as A from '../../../src/index.js';
import { arbAxis, arbInput, arbInts, arbShape } from '../../support/arbitraries.js';
import type { GradCase, GradSpec } from '../../support/grad-spec.js';

const norm = (d: number, r: number) => (d < 0 ? d + r : d);
/** A shape no larger than `s` outside axis d, any length 1..4 along d. */
const within = (s: number[], d: number) => fc.tuple(...s.map((n, i) => (i === d ? fc.integer({ min: 1, max: 4 }) : fc.integer({ min: 1, max: n }))));

export const specs: GradSpec[] = [
  {
    op: 'gather',
    arb: arbShape(3, 4, 1)
      .chain((s) => fc.tuple(fc.constant(s), arbAxis(s.length)))
      .chain(([s, d]) => within(s, norm(d, s.length)).chain((is) => fc.tuple(arbInput(s), arbInts(is, 0, s[norm(d, s.length)] - 1), fc.constant(d))))
      .map(([x, idx, d]): GradCase => ({ inputs: [x, idx], fn: (t, i) => A.gather(t, d, i), label: `dim ${d}` })),
  },
  {
    op: 'indexSelect',
    arb: arbShape(3, 4, 1)
      .chain((s) => fc.tuple(fc.constant(s), arbAxis(s.length), fc.integer({ min: 1, max: 5 })))
      .chain(([s, d, k]) => fc.tuple(arbInput(s), arbInts([k], 0, s[norm(d, s.length)] - 1), fc.constant(d)))
      .map(([x, idx, d]): GradCase => ({ inputs: [x, idx], fn: (t, i) => A.indexSelect(t, d, i), label: `dim ${d}` })),
  },
  {
    op: 'scatterAdd',
    arb: arbShape(3, 4, 1)
      .chain((s) => fc.tuple(fc.constant(s), arbAxis(s.length)))
      .chain(([s, d]) => {
        const a = norm(d, s.length);
        // src may be larger than the index everywhere; the index no larger than base outside d.
        return within(s, a).chain((is) =>
          fc.tuple(...is.map((n) => fc.integer({ min: n, max: n + 1 }))).chain((ss) => fc.tuple(arbInput(s), arbInts(is, 0, s[a] - 1), arbInput(ss), fc.constant(d))),
        );
      })
      .map(([base, idx, src, d]): GradCase => ({ inputs: [base, idx, src], fn: (b, i, sr) => A.scatterAdd(b, d, i, sr), label: `dim ${d}` })),
  },
];
