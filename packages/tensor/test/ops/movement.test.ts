import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as T from '../../src/index.js';
import { agree, arbInput, arbShape, forAllBackends } from '../support/compare.js';

const arbX = (minRank = 0, maxRank = 4) => arbShape(maxRank, 5, minRank).chain((s) => arbInput(s));

describe('movement ops agree with the float64 oracle (views and copies)', () => {
  it('reshape / flatten / contiguous', async () => {
    await forAllBackends(arbX(), async (be, x) => {
      await agree(be, [x], (t) => T.reshape(t, [-1]));
      await agree(be, [x], (t) => T.contiguous(t));
      await agree(be, [x], (t) => T.flatten(t));
      // -1 is ambiguous for an empty tensor (PyTorch refuses it too).
      if (x.shape.length >= 2 && x.shape.every((d) => d > 0)) await agree(be, [x], (t) => T.reshape(t, [x.shape[0], -1]));
    });
  });

  it('permute / transpose', async () => {
    const arb = arbX(1).chain((x) => fc.shuffledSubarray([...x.shape.keys()], { minLength: x.shape.length, maxLength: x.shape.length }).map((perm) => ({ x, perm })));
    await forAllBackends(arb, async (be, { x, perm }) => {
      await agree(be, [x], (t) => T.contiguous(T.permute(t, perm)));
      await agree(be, [x], (t) => T.add(T.transpose(t, 0, -1), 0));
    });
  });

  it('expand / unsqueeze / squeeze', async () => {
    await forAllBackends(arbX(), async (be, x) => {
      await agree(be, [x], (t) => T.contiguous(T.expand(T.unsqueeze(t, 0), [3, ...x.shape])));
      await agree(be, [x], (t) => T.contiguous(T.squeeze(T.unsqueeze(t, -1))));
    });
  });

  it('slice with steps, narrow, select, flip', async () => {
    const arb = arbX(1).chain((x) =>
      fc.tuple(
        fc.array(fc.tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: -6, max: 6 }), fc.integer({ min: 1, max: 3 })), { minLength: x.shape.length, maxLength: x.shape.length }),
        fc.subarray([...x.shape.keys()]),
      ).map(([specs, flipAxes]) => ({ x, specs, flipAxes })),
    );
    await forAllBackends(arb, async (be, { x, specs, flipAxes }) => {
      await agree(be, [x], (t) => T.contiguous(T.slice(t, specs)));
      await agree(be, [x], (t) => T.contiguous(T.flip(t, flipAxes)));
      if (x.shape[0] > 0) {
        await agree(be, [x], (t) => T.contiguous(T.select(t, 0, x.shape[0] - 1)));
        await agree(be, [x], (t) => T.contiguous(T.narrow(t, 0, 0, 1)));
      }
    });
  });

  it('pad (positive and negative), concat, stack, split, chunk', async () => {
    const arb = arbX(1, 3).chain((x) => fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 2, maxLength: 2 * x.shape.length }).map((p) => ({ x, pads: p.length % 2 ? p.slice(1) : p })));
    await forAllBackends(arb, async (be, { x, pads }) => {
      const ok = pads.every((p, i) => x.shape[x.shape.length - 1 - (i >> 1)] + p >= 0) &&
        [...Array(pads.length / 2).keys()].every((k) => x.shape[x.shape.length - 1 - k] + pads[2 * k] + pads[2 * k + 1] >= 0);
      if (ok) await agree(be, [x], (t) => T.pad(t, pads, 1.5));
      await agree(be, [x, x], (a, b) => T.concat([a, b, a], -1));
      await agree(be, [x, x], (a, b) => T.stack([a, b], 0));
      await agree(be, [x], (t) => T.split(t, 2, 0).map((p) => T.contiguous(p)));
      await agree(be, [x], (t) => T.chunk(t, 3, -1).map((p) => T.contiguous(p)));
    });
  });
});
