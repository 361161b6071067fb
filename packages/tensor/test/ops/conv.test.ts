import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';
import { agree, arbInput, forAllBackends } from '../support/compare.js';

const arbConv = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    groups: fc.integer({ min: 1, max: 2 }),
    cinG: fc.integer({ min: 1, max: 3 }),
    coutG: fc.integer({ min: 1, max: 3 }),
    h: fc.integer({ min: 3, max: 9 }),
    w: fc.integer({ min: 3, max: 9 }),
    kh: fc.integer({ min: 1, max: 3 }),
    kw: fc.integer({ min: 1, max: 3 }),
    stride: fc.integer({ min: 1, max: 2 }),
    padding: fc.integer({ min: 0, max: 1 }),
    dilation: fc.integer({ min: 1, max: 2 }),
    bias: fc.boolean(),
  })
  .filter((c) => c.h + 2 * c.padding >= c.dilation * (c.kh - 1) + 1 && c.w + 2 * c.padding >= c.dilation * (c.kw - 1) + 1)
  .chain((c) => {
    const cin = c.cinG * c.groups;
    const cout = c.coutG * c.groups;
    const opts = { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups };
    const ho = T.convOutSize(c.h, c.kh, c.stride, c.padding, c.dilation);
    const wo = T.convOutSize(c.w, c.kw, c.stride, c.padding, c.dilation);
    return fc
      .tuple(arbInput([c.n, cin, c.h, c.w]), arbInput([cout, c.cinG, c.kh, c.kw]), arbInput([cout]), arbInput([c.n, cout, ho, wo]))
      .map(([x, w, b, dy]) => ({ x, w, b: c.bias ? b : null, dy, opts, k: c.cinG * c.kh * c.kw, kw: c.n * ho * wo }));
  });

describe('convolution agrees with the float64 oracle', () => {
  it('conv2d forward with stride, padding, dilation, groups, bias', async () => {
    await forAllBackends(arbConv, async (be, { x, w, b, opts, k }) => {
      if (b) await agree(be, [x, w, b], (xx, ww, bb) => T.conv2d(xx, ww, bb, opts), { reduceLen: k });
      else await agree(be, [x, w], (xx, ww) => T.conv2d(xx, ww, null, opts), { reduceLen: k });
    });
  });

  it('conv2d backward (input and weight)', async () => {
    await forAllBackends(arbConv, async (be, { x, w, dy, opts, kw }) => {
      await agree(be, [dy, w], (g, ww) => T.conv2dBackwardInput(g, ww, x.shape, opts), { reduceLen: w.shape[0] * w.shape[2] * w.shape[3] });
      await agree(be, [x, dy], (xx, g) => T.conv2dBackwardWeight(xx, g, w.shape, opts), { reduceLen: kw });
    });
  });
});

const arbPool = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    c: fc.integer({ min: 1, max: 3 }),
    h: fc.integer({ min: 2, max: 9 }),
    w: fc.integer({ min: 2, max: 9 }),
    k: fc.integer({ min: 1, max: 3 }),
    stride: fc.integer({ min: 1, max: 3 }),
    padding: fc.integer({ min: 0, max: 1 }),
    ceilMode: fc.boolean(),
    countIncludePad: fc.boolean(),
    ints: fc.boolean(),
  })
  .filter((p) => 2 * p.padding <= p.k && p.h + 2 * p.padding >= p.k && p.w + 2 * p.padding >= p.k)
  .chain((p) => {
    const opts = { stride: p.stride, padding: p.padding, ceilMode: p.ceilMode, countIncludePad: p.countIncludePad };
    const ho = T.poolOutSize(p.h, p.k, p.stride, p.padding, 1, p.ceilMode);
    const wo = T.poolOutSize(p.w, p.k, p.stride, p.padding, 1, p.ceilMode);
    return fc.tuple(arbInput([p.n, p.c, p.h, p.w]), arbInput([p.n, p.c, ho, wo])).map(([x, dy]) => ({
      // Small integers make ties, where the first maximum must win. (+ 0 turns -0 into 0:
      // WGSL does not preserve the sign of zero, so a 0/-0 "tie" is not a tie on every adapter.)
      x: p.ints ? { ...x, values: x.values.map((v) => Math.round(v) + 0) } : x,
      dy,
      k: p.k,
      opts,
    }));
  });

describe('pooling agrees with the float64 oracle', () => {
  it('maxPool2d values, indices and backward', async () => {
    await forAllBackends(arbPool, async (be, { x, dy, k, opts }) => {
      await agree(be, [x], (t) => {
        const r = T.maxPool2dWithIndices(t, k, opts);
        return [r.values, r.indices];
      });
      await agree(be, [x, dy], (t, g) => {
        const r = T.maxPool2dWithIndices(t, k, opts);
        return T.maxPool2dBackward(g, r.indices, t.shape);
      });
      await agree(be, [x, dy], (t, g) => {
        const r = T.maxPool2dWithIndices(t, k, opts);
        return T.maxPool2dBackward(g, r.indices, t.shape, { ...opts, kernel: k });
      });
    });
  });

  it('maxPool2dBackward rejects a window that does not match dy', () => {
    const x = T.zeros([1, 1, 6, 6]);
    const { values, indices } = T.maxPool2dWithIndices(x, 2);
    expect(() => T.maxPool2dBackward(values, indices, x.shape, { kernel: 3 })).toThrow(/window .* gives 2x2 outputs, but dy is \[1, ?1, ?3, ?3\]/);
    for (const t of [x, values, indices]) t.dispose();
  });

  it('avgPool2d forward and backward', async () => {
    await forAllBackends(arbPool, async (be, { x, dy, k, opts }) => {
      await agree(be, [x], (t) => T.avgPool2d(t, k, opts), { reduceLen: k * k });
      await agree(be, [dy], (g) => T.avgPool2dBackward(g, x.shape, k, opts), { reduceLen: k * k });
    });
  });

  it('adaptiveAvgPool2d forward and backward', async () => {
    const arb = fc.record({ h: fc.integer({ min: 1, max: 9 }), w: fc.integer({ min: 1, max: 9 }), oh: fc.integer({ min: 1, max: 5 }), ow: fc.integer({ min: 1, max: 5 }) }).chain((s) =>
      fc.tuple(arbInput([2, 2, s.h, s.w]), arbInput([2, 2, s.oh, s.ow])).map(([x, dy]) => ({ x, dy, out: [s.oh, s.ow] as [number, number] })),
    );
    await forAllBackends(arb, async (be, { x, dy, out }) => {
      await agree(be, [x], (t) => T.adaptiveAvgPool2d(t, out), { reduceLen: x.shape[2] * x.shape[3] });
      await agree(be, [dy], (g) => T.adaptiveAvgPool2dBackward(g, x.shape), { reduceLen: 4 });
    });
  });
});

describe('upsampling agrees with the float64 oracle', () => {
  it('nearest and bilinear (align corners both ways), forward and backward', async () => {
    const arb = fc
      .record({ h: fc.integer({ min: 1, max: 7 }), w: fc.integer({ min: 1, max: 7 }), oh: fc.integer({ min: 1, max: 12 }), ow: fc.integer({ min: 1, max: 12 }), mode: fc.constantFrom('nearest' as const, 'bilinear' as const), alignCorners: fc.boolean() })
      .chain((s) => fc.tuple(arbInput([1, 2, s.h, s.w]), arbInput([1, 2, s.oh, s.ow])).map(([x, dy]) => ({ ...s, x, dy })));
    await forAllBackends(arb, async (be, { x, dy, oh, ow, mode, alignCorners }) => {
      await agree(be, [x], (t) => T.upsample(t, { size: [oh, ow], mode, alignCorners }));
      await agree(be, [dy], (g) => T.upsampleBackward(g, x.shape, { mode, alignCorners }), { reduceLen: 16 });
    });
  });
});
