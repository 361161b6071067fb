/**
 * The last-axis row kernels (softmax, log-softmax, log-sum-exp, moments) against the CPU backend: row lengths
 * around the vec4 chunk (1, 3, 4, 5), the serial limit (63-65), the tree's workgroup
 * width × 4 (255-257) and a long row; both variants (few rows → tree for rows over 64,
 * ≥ 512 rows → serial); vec4 (contiguous, aligned) and scalar (strided) loads; rows of
 * -inf, with NaN or +inf.
 */
import { describe, expect, it } from 'vitest';
import type { Backend, Storage, View } from '../../src/backend.js';
import { cpu, gpu } from '../support/backends.js';
import { expectClose, operand, rng, viewOf, type LayoutKind, type Operand } from './runtime-harness.js';

const g = gpu as Backend;

/** Runs a row op on both backends over the same operand; returns each output pair read back. */
async function both(a: Operand, op: (be: Backend, x: View) => Storage[], outShape: number[]): Promise<{ want: ArrayLike<number>[]; got: ArrayLike<number>[] }> {
  const strides = outShape.map((_, d) => outShape.slice(d + 1).reduce((p, q) => p * q, 1));
  const go = async (be: Backend) => {
    const s = be.upload(a.data, a.dtype);
    const outs = op(be, viewOf(s, a));
    const data = await Promise.all(outs.map((o) => be.read({ storage: o, dtype: o.dtype, shape: outShape, strides, offset: 0 })));
    for (const o of [s, ...outs]) be.free(o);
    return data;
  };
  return { want: await go(cpu), got: await go(g) };
}

/** Softmax, log-softmax and log-sum-exp of one operand, each against the CPU backend. */
async function checkSoftmax(a: Operand): Promise<void> {
  const shape = a.layout.shape;
  const len = shape[shape.length - 1];
  const what = (k: string) => `${k} of [${shape}] strides [${a.layout.strides}] offset ${a.layout.offset}`;
  const sm = await both(a, (be, x) => [be.softmaxLastAxis(x, 'float32')], shape);
  expectClose(sm.got[0], sm.want[0], 1e-7, 4e-6 * Math.sqrt(len), what('softmax'));
  // log-softmax and log-sum-exp: an absolute error of a few ulps of the row's largest |x| plus log s.
  const t = 2e-6 * Math.sqrt(len) * (1 + Math.max(...Array.from(a.data, (v) => (Number.isFinite(v) ? Math.abs(v) : 0))));
  const ls = await both(a, (be, x) => [be.softmaxLastAxis(x, 'float32', true)], shape);
  expectClose(ls.got[0], ls.want[0], t, 0, what('log-softmax'));
  const lse = await both(a, (be, x) => [be.logSumExpLastAxis(x)], shape.slice(0, -1));
  expectClose(lse.got[0], lse.want[0], t, 0, what('log-sum-exp'));
}

async function checkMoments(a: Operand): Promise<void> {
  const shape = a.layout.shape;
  const len = shape[shape.length - 1];
  const { want, got } = await both(a, (be, x) => {
    const r = be.momentsLastAxis(x);
    return [r.mean, r.variance];
  }, shape.slice(0, -1));
  const t = 2e-6 * Math.sqrt(len);
  const what = `moments of [${shape}] strides [${a.layout.strides}] offset ${a.layout.offset}`;
  expectClose(got[0], want[0], t, t, `${what}: mean`);
  expectClose(got[1], want[1], t, 5 * t, `${what}: variance`);
}

const LENGTHS = [1, 3, 4, 5, 63, 64, 65, 255, 256, 257, 1000];

describe.skipIf(!gpu)('webgpu last-axis rows', () => {
  it('softmax and moments over row lengths around the vec4 chunk, serial limit and tree width', async () => {
    const rand = rng(41);
    for (const len of LENGTHS) {
      for (const kind of ['contiguous', 'padded'] as LayoutKind[]) {
        await checkSoftmax(operand([3, len], kind, 'float32', rand, -20, 20));
        await checkMoments(operand([3, len], kind, 'float32', rand, -3, 5));
      }
    }
  });

  it('strided, offset, flipped and broadcast rows, and many rows (serial variant)', async () => {
    const rand = rng(43);
    const kinds: LayoutKind[] = ['offset', 'transposed', 'flipped', 'broadcast'];
    for (const kind of kinds) {
      for (const shape of [[2, 3, 8], [5, 130], [600, 68], [520, 7]]) {
        await checkSoftmax(operand(shape, kind, 'float32', rand, -10, 10));
        await checkMoments(operand(shape, kind, 'float32', rand, -3, 3));
      }
    }
    await checkSoftmax(operand([700], 'contiguous', 'float32', rand));
    await checkMoments(operand([5000], 'flipped', 'float32', rand, 100, 101)); // a large offset: no cancellation
  });

  it('rows of -inf, with +inf or NaN give NaN (log-)softmax rows, PyTorch log-sum-exps and NaN variance, in both variants', async () => {
    const I = Infinity;
    for (const [rows, len] of [[6, 6], [6, 300], [520, 8], [520, 70]]) {
      const specials = [
        [-I, -I, -I],
        [I, 0, 1],
        [0, NaN, 1],
        [-I, 2, -I],
        [I, -I, 0],
        [0, 1, I], // +inf last: in the scalar tail when len is not a multiple of 4
      ];
      const data = new Float32Array(rows * len);
      for (let r = 0; r < rows; r++) {
        for (let i = 0; i < len; i++) {
          const sp = specials[r % specials.length];
          // Specials sit at the start, middle and end of each row; -inf rows stay all -inf.
          const at = [0, len >> 1, len - 1].indexOf(i);
          data[r * len + i] = at >= 0 ? sp[at] : r % specials.length === 0 ? -I : ((r + i) % 7) - 3;
        }
      }
      const a: Operand = { data, dtype: 'float32', layout: { shape: [rows, len], strides: [len, 1], offset: 0, storage: data.length } };
      await checkSoftmax(a);
      await checkMoments(a);
      const { got } = await both(a, (be, x) => [be.softmaxLastAxis(x, 'float32'), be.softmaxLastAxis(x, 'float32', true)], [rows, len]);
      for (let r = 0; r < specials.length; r++) {
        const row = Array.from(got[0]).slice(r * len, (r + 1) * len);
        const logRow = Array.from(got[1]).slice(r * len, (r + 1) * len);
        if (r === 3) {
          expect(row[0]).toBe(0);
          expect(row.reduce((p, q) => p + q, 0)).toBeCloseTo(1, 5);
          expect(logRow[0]).toBe(-Infinity);
        } else {
          expect(row.every(Number.isNaN), `softmax row ${r} of [${rows}, ${len}]`).toBe(true);
          expect(logRow.every(Number.isNaN), `log-softmax row ${r} of [${rows}, ${len}]`).toBe(true);
        }
      }
      // torch.logsumexp: -inf for a row of -inf, +inf with a +inf (also beside -inf), NaN with a NaN.
      const lse = await both(a, (be, x) => [be.logSumExpLastAxis(x)], [rows]);
      expect(Array.from(lse.got[0]).slice(0, 6).map((v, r) => (r === 3 ? Number.isFinite(v) : v))).toEqual([-I, I, NaN, true, I, I]);
    }
  });

  it('matches hand values', async () => {
    const data = Float32Array.from([0, Math.log(3), 1, 2, 3, 4, 1e4, 1e4 + 1, 1e4 + 2, 1e4 + 3]);
    const s = g.upload(data, 'float32');
    const sm = g.softmaxLastAxis({ storage: s, dtype: 'float32', shape: [2], strides: [1], offset: 0 }, 'float32');
    const y = await g.read({ storage: sm, dtype: 'float32', shape: [2], strides: [1], offset: 0 });
    expectClose(y, [0.25, 0.75], 1e-7, 1e-6, 'softmax [0, ln 3]');
    const m = g.momentsLastAxis({ storage: s, dtype: 'float32', shape: [2, 4], strides: [4, 1], offset: 2 });
    const mean = await g.read({ storage: m.mean, dtype: 'float32', shape: [2], strides: [1], offset: 0 });
    const variance = await g.read({ storage: m.variance, dtype: 'float32', shape: [2], strides: [1], offset: 0 });
    expectClose(mean, [2.5, 1e4 + 1.5], 0, 1e-7, 'mean');
    expectClose(variance, [1.25, 1.25], 0, 1e-6, 'variance');
    for (const t of [s, sm, m.mean, m.variance]) g.free(t);
  });
});
