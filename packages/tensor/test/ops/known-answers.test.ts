/** Hand-computed answers for the tricky cases, on every backend under test. */
import { describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';
import { targets } from '../support/compare.js';

const near = (got: ArrayLike<number>, want: number[], tol = 1e-6) => {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => {
    if (Number.isNaN(w)) expect(Number.isNaN(got[i])).toBe(true);
    else if (!Number.isFinite(w)) expect(got[i]).toBe(w);
    else expect(Math.abs(got[i] - w)).toBeLessThanOrEqual(tol);
  });
};

describe('known answers', () => {
  for (const { name, backend: device } of targets) {
    describe(name, () => {
      it('softmax with -inf entries and an all -inf row', async () => {
        const x = T.tensor([[0, -Infinity], [-Infinity, -Infinity], [Math.log(3), 0]], { device });
        near(await T.softmax(x, 1).data(), [1, 0, NaN, NaN, 0.75, 0.25]);
        near(await T.logsumexp(x, 1).data(), [0, -Infinity, Math.log(4)]);
      });

      it('logsumexp and logSoftmax of rows with +inf or NaN, along either axis (torch 1.13)', async () => {
        const I = Infinity;
        const x = T.tensor([[I, 1], [I, -I], [NaN, I], [0, -I], [-I, -I]], { device });
        near(await T.logsumexp(x, 1).data(), [I, I, NaN, 0, -I]);
        // torch.log_softmax is all NaN wherever softmax is, even beside a +inf.
        near(await T.logSoftmax(x, 1).data(), [NaN, NaN, NaN, NaN, NaN, NaN, 0, -I, NaN, NaN]);
        const xt = T.transpose(x, 0, 1);
        near(await T.logsumexp(xt, 0).data(), [I, I, NaN, 0, -I]);
        near(await T.logSoftmax(xt, 0).data(), [NaN, NaN, NaN, 0, NaN, NaN, NaN, NaN, -I, NaN]);
      });

      it('argmax/argmin ties pick the first index', async () => {
        const x = T.tensor([[1, 3, 3], [2, 2, 0]], { device });
        expect(Array.from(await T.argmax(x, 1).data())).toEqual([1, 0]);
        expect(Array.from(await T.argmin(x, 1).data())).toEqual([0, 2]);
        expect(await T.argmax(x).item()).toBe(1);
      });

      it('conv2d with stride 2, dilation 2 and groups 2', async () => {
        // x: 1×2×5×5 with x[c][i][j] = 25c + 5i + j; w: 2×1×2×2 of ones (one filter per group).
        const x = T.reshape(T.arange(50, undefined, 1, { device, dtype: 'float32' }), [1, 2, 5, 5]);
        const w = T.ones([2, 1, 2, 2], { device });
        const y = T.conv2d(x, w, T.tensor([0, 100], { device }), { stride: 2, dilation: 2, groups: 2 });
        expect(y.shape).toEqual([1, 2, 2, 2]);
        // Taps at (i, j), (i, j+2), (i+2, j), (i+2, j+2): sum = 4·(25c + 5i + j) + 24.
        const want = [0, 1].flatMap((c) => [0, 2].flatMap((i) => [0, 2].map((j) => 4 * (25 * c + 5 * i + j) + 24 + 100 * c)));
        near(await y.data(), want, 1e-4);
      });

      it('maxPool2d indices are flat h·W + w in each plane, first maximum wins', async () => {
        const x = T.tensor([[[[1, 5, 5, 0], [2, 0, 1, 7], [3, 3, 0, 0]]]], { device });
        const { values, indices } = T.maxPool2dWithIndices(x, 2, { stride: 2, ceilMode: true });
        expect(values.shape).toEqual([1, 1, 2, 2]);
        near(await values.data(), [5, 7, 3, 0]);
        expect(Array.from(await indices.data())).toEqual([1, 7, 8, 10]);
      });

      it('scatterAdd with an empty index returns a copy of base', async () => {
        const base = T.tensor([[1, 2], [3, 4]], { device });
        const r = T.scatterAdd(base, 1, T.zeros([2, 0], { device, dtype: 'int32' }), T.zeros([2, 0], { device }));
        expect(await r.array()).toEqual([[1, 2], [3, 4]]);
        base.dispose();
        expect(await r.array()).toEqual([[1, 2], [3, 4]]);
      });

      it('bilinear upsampling, align corners both ways', async () => {
        const x = T.tensor([[[[0, 1]]]], { device });
        near(await T.upsample(x, { size: [1, 4], mode: 'bilinear', alignCorners: true }).data(), [0, 1 / 3, 2 / 3, 1]);
        // align_corners=False: src = (dst + 0.5)/2 - 0.5 → -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped).
        near(await T.upsample(x, { size: [1, 4], mode: 'bilinear', alignCorners: false }).data(), [0, 0.25, 0.75, 1]);
        near(await T.upsample(x, { size: [1, 4], mode: 'nearest' }).data(), [0, 0, 1, 1]);
      });
    });
  }
});
