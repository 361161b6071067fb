import fc from 'fast-check';
import { convOutSize, poolOutSize } from '@prior/tensor';
import * as A from '../../../src/index.js';
import { arbInput, arbInts, arbGrid } from '../../support/arbitraries.js';
import type { GradCase, GradSpec } from '../../support/grad-spec.js';

const dim = fc.integer({ min: 1, max: 4 });

const matmulShapes = fc.tuple(dim, dim, dim, fc.integer({ min: 2, max: 3 }), fc.constantFrom('1x1', '1x2', '2x1', '2x2', 'batch', 'bcast', '1xbatch', 'batchx1')).map(([m, k, n, b, kind]) => {
  const table: Record<string, [number[], number[]]> = {
    '1x1': [[k], [k]],
    '1x2': [[k], [k, n]],
    '2x1': [[m, k], [k]],
    '2x2': [[m, k], [k, n]],
    batch: [[b, m, k], [k, n]],
    bcast: [[1, m, k], [b, k, n]],
    '1xbatch': [[k], [b, k, n]],
    batchx1: [[b, m, k], [k]],
  };
  return { kind, shapes: table[kind] };
});

/** [N, C, H, W] image, NCHW weight and options for conv2d that give at least a 1×1 output. */
const convCase = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    groups: fc.constantFrom(1, 2),
    cinG: fc.integer({ min: 1, max: 2 }),
    coutG: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 3, max: 6 }),
    w: fc.integer({ min: 3, max: 6 }),
    k: fc.integer({ min: 1, max: 3 }),
    stride: fc.integer({ min: 1, max: 2 }),
    padding: fc.integer({ min: 0, max: 1 }),
    dilation: fc.integer({ min: 1, max: 2 }),
    bias: fc.boolean(),
  })
  .filter((c) => convOutSize(c.h, c.k, c.stride, c.padding, c.dilation) >= 1 && convOutSize(c.w, c.k, c.stride, c.padding, c.dilation) >= 1)
  .map((c) => {
    const opts = { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups };
    const x = [c.n, c.cinG * c.groups, c.h, c.w];
    const w = [c.coutG * c.groups, c.cinG, c.k, c.k];
    const y = [c.n, c.coutG * c.groups, convOutSize(c.h, c.k, c.stride, c.padding, c.dilation), convOutSize(c.w, c.k, c.stride, c.padding, c.dilation)];
    return { opts, x, w, y, bias: c.bias };
  });

/** Pooling geometry: kernel, stride, padding (at most half the kernel), ceil mode. */
const poolCase = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    c: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 2, max: 6 }),
    w: fc.integer({ min: 2, max: 6 }),
    k: fc.integer({ min: 1, max: 3 }),
    stride: fc.integer({ min: 1, max: 2 }),
    pad: fc.integer({ min: 0, max: 1 }),
    ceilMode: fc.boolean(),
    countIncludePad: fc.boolean(),
  })
  .filter((p) => 2 * p.pad <= p.k && p.k <= p.h + 2 * p.pad && p.k <= p.w + 2 * p.pad)
  .map((p) => ({
    x: [p.n, p.c, p.h, p.w],
    kernel: p.k,
    opts: { stride: p.stride, padding: p.pad, ceilMode: p.ceilMode, countIncludePad: p.countIncludePad },
    y: [p.n, p.c, poolOutSize(p.h, p.k, p.stride, p.pad, 1, p.ceilMode), poolOutSize(p.w, p.k, p.stride, p.pad, 1, p.ceilMode)],
  }))
  .filter((p) => p.y[2] >= 1 && p.y[3] >= 1);

const upsampleCase = fc
  .record({ n: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 2 }), h: fc.integer({ min: 1, max: 4 }), w: fc.integer({ min: 1, max: 4 }), oh: fc.integer({ min: 1, max: 7 }), ow: fc.integer({ min: 1, max: 7 }), mode: fc.constantFrom('nearest', 'bilinear') as fc.Arbitrary<'nearest' | 'bilinear'>, alignCorners: fc.boolean() })
  .map((u) => ({ x: [u.n, u.c, u.h, u.w], y: [u.n, u.c, u.oh, u.ow], opts: { size: [u.oh, u.ow] as [number, number], mode: u.mode, alignCorners: u.mode === 'bilinear' && u.alignCorners } }));

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

export const specs: GradSpec[] = [
  {
    op: 'matmul',
    arb: matmulShapes.chain(({ kind, shapes: [sa, sb] }) => fc.tuple(arbInput(sa), arbInput(sb)).map(([a, b]): GradCase => ({ inputs: [a, b], fn: (x, y) => A.matmul(x, y), label: kind }))),
  },
  {
    op: 'conv2d',
    arb: convCase.chain((c) =>
      fc.tuple(arbInput(c.x), arbInput(c.w), arbInput([c.w[0]])).map(([x, w, b]): GradCase =>
        c.bias
          ? { inputs: [x, w, b], fn: (xt, wt, bt) => A.conv2d(xt, wt, bt, c.opts), label: JSON.stringify(c.opts) }
          : { inputs: [x, w], fn: (xt, wt) => A.conv2d(xt, wt, null, c.opts), label: JSON.stringify(c.opts) },
      ),
    ),
    runs: 8,
  },
  {
    op: 'conv2dBackwardInput',
    arb: convCase.chain((c) => fc.tuple(arbInput(c.y), arbInput(c.w)).map(([dy, w]): GradCase => ({ inputs: [dy, w], fn: (d, wt) => A.conv2dBackwardInput(d, wt, c.x, c.opts), label: JSON.stringify(c.opts) }))),
    runs: 6,
  },
  {
    op: 'conv2dBackwardWeight',
    arb: convCase.chain((c) => fc.tuple(arbInput(c.x), arbInput(c.y)).map(([x, dy]): GradCase => ({ inputs: [x, dy], fn: (xt, d) => A.conv2dBackwardWeight(xt, d, c.w, c.opts), label: JSON.stringify(c.opts) }))),
    runs: 6,
  },
  {
    // Grid values with distinct offsets per element keep window maxima apart.
    op: 'maxPool2d',
    arb: poolCase.chain((p) => arbGrid(size(p.x), 0).map((v): GradCase => ({ inputs: [{ shape: p.x, values: v.map((a, i) => a + 0.013 * i) }], fn: (x) => A.maxPool2d(x, p.kernel, p.opts), label: JSON.stringify(p.opts) }))),
    runs: 8,
  },
  {
    op: 'maxPool2dWithIndices',
    arb: poolCase.chain((p) => arbGrid(size(p.x), 0).map((v): GradCase => ({ inputs: [{ shape: p.x, values: v.map((a, i) => a + 0.013 * i) }], fn: (x) => A.maxPool2dWithIndices(x, p.kernel, { stride: p.opts.stride, padding: p.opts.padding, ceilMode: p.opts.ceilMode }).values }))),
    runs: 6,
  },
  {
    op: 'maxPool2dBackward',
    arb: poolCase.chain((p) => fc.tuple(arbInput(p.y), arbInts(p.y, 0, p.x[2] * p.x[3] - 1)).map(([dy, idx]): GradCase => ({ inputs: [dy, idx], fn: (d, i) => A.maxPool2dBackward(d, i, p.x) }))),
    runs: 6,
  },
  {
    op: 'avgPool2d',
    arb: poolCase.chain((p) => arbInput(p.x).map((x): GradCase => ({ inputs: [x], fn: (t) => A.avgPool2d(t, p.kernel, p.opts), label: JSON.stringify(p.opts) }))),
    runs: 8,
  },
  {
    op: 'avgPool2dBackward',
    arb: poolCase.chain((p) => arbInput(p.y).map((dy): GradCase => ({ inputs: [dy], fn: (d) => A.avgPool2dBackward(d, p.x, p.kernel, p.opts), label: JSON.stringify(p.opts) }))),
    runs: 6,
  },
  {
    op: 'adaptiveAvgPool2d',
    arb: fc.tuple(poolCase, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).chain(([p, oh, ow]) => arbInput(p.x).map((x): GradCase => ({ inputs: [x], fn: (t) => A.adaptiveAvgPool2d(t, [oh, ow]), label: `${oh}x${ow}` }))),
    runs: 8,
  },
  {
    op: 'adaptiveAvgPool2dBackward',
    arb: fc.tuple(poolCase, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).chain(([p, oh, ow]) => arbInput([p.x[0], p.x[1], oh, ow]).map((dy): GradCase => ({ inputs: [dy], fn: (d) => A.adaptiveAvgPool2dBackward(d, p.x) }))),
    runs: 6,
  },
  {
    op: 'upsample',
    arb: upsampleCase.chain((u) => arbInput(u.x).map((x): GradCase => ({ inputs: [x], fn: (t) => A.upsample(t, u.opts), label: JSON.stringify(u.opts) }))),
    runs: 8,
  },
  {
    op: 'upsampleBackward',
    arb: upsampleCase.chain((u) => arbInput(u.y).map((dy): GradCase => ({ inputs: [dy], fn: (d) => A.upsampleBackward(d, u.x, { mode: u.opts.mode, alignCorners: u.opts.alignCorners }), label: JSON.stringify(u.opts) }))),
    runs: 6,
  },
];

