/**
 * Kernel-path choices: the GEMM variant tuner (measures, records per adapter, can be
 * overridden) and the reduction's two-pass path for very long rows with few outputs,
 * checked against the CPU backend.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, ReduceOp, View } from '../../src/backend.js';
import type { DType } from '../../src/dtype.js';
import { gemmVariant } from '../../src/backends/webgpu/kernels/gemm.js';
import type { WebGPUBackend } from '../../src/backends/webgpu/webgpu-backend.js';
import { MATMUL_VARIANTS, adapterKey, forceMatmulVariant, forcedMatmulVariant, tuneMatmul, tunedMatmulVariant } from '../../src/backends/webgpu/tuning/matmul-variant.js';
import { BackendError } from '../../src/errors.js';
import { cpu, gpu } from '../support/backends.js';
import { rng } from './kernel-views.js';

const g = gpu as Backend;

describe.skipIf(!gpu)('GEMM variant tuning', () => {
  afterEach(() => {
    forceMatmulVariant(null);
    delete process.env.PRIOR_MATMUL_VARIANT;
  });

  it('measures every variant and records the fastest for the adapter', async () => {
    const r = await tuneMatmul(g, 64, 1);
    expect(MATMUL_VARIANTS).toContain(r.variant);
    for (const v of MATMUL_VARIANTS) expect(r.ms[v]).toBeGreaterThan(0);
    expect(r.ms[r.variant]).toBe(Math.min(...MATMUL_VARIANTS.map((v) => r.ms[v])));
    expect(tunedMatmulVariant(g.info())).toBe(r.variant);
    expect(adapterKey(g.info())).toContain(g.info().description ?? g.info().name);
    // Large GEMMs now take the recorded variant; tiny ones the small-matrix path.
    const rt = (g as WebGPUBackend).rt;
    expect(gemmVariant(rt, { elem: 'f32', batch: 1, m: 512, n: 512, k: 512 })).toBe(r.variant);
    expect(gemmVariant(rt, { elem: 'f32', batch: 1, m: 8, n: 8, k: 8 })).toBe('small');
  });

  it('keeps a preferred variant (the background guess) unless another is clearly faster', async () => {
    const r = await tuneMatmul(g, 64, 1, { prefer: 'shared', margin: 1e9 });
    expect(r.variant).toBe('shared');
    expect(tunedMatmulVariant(g.info())).toBe('shared');
    await tuneMatmul(g, 64, 1); // back to the measured choice
  });

  it('is overridden by forceMatmulVariant, then by PRIOR_MATMUL_VARIANT', () => {
    const rt = (g as WebGPUBackend).rt;
    process.env.PRIOR_MATMUL_VARIANT = 'shared';
    expect(forcedMatmulVariant()).toBe('shared');
    expect(gemmVariant(rt, { elem: 'f32', batch: 1, m: 8, n: 8, k: 8 })).toBe('shared');
    forceMatmulVariant('texture');
    expect(gemmVariant(rt, { elem: 'f32', batch: 1, m: 512, n: 512, k: 512 })).toBe('texture');
    forceMatmulVariant(null);
    process.env.PRIOR_MATMUL_VARIANT = 'bogus';
    expect(() => forcedMatmulVariant()).toThrow(BackendError);
    expect(() => forceMatmulVariant('bogus' as 'shared')).toThrow(/unknown variant/);
  });
});

async function reduceBoth(shape: number[], values: number[], dtype: DType, op: ReduceOp, axes: number[], outDtype: DType): Promise<{ want: number[]; got: number[] }> {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const outShape = shape.filter((_, d) => !axes.includes(d));
  const outStrides = outShape.map((_, d) => outShape.slice(d + 1).reduce((a, b) => a * b, 1));
  const run = async (be: Backend, dt: DType, odt: DType): Promise<number[]> => {
    const data = dt === 'float64' ? Float64Array.from(values) : dt === 'float32' ? Float32Array.from(values) : Int32Array.from(values);
    const s = be.upload(data, dt);
    const view: View = { storage: s, dtype: dt, shape, strides, offset: 0 };
    const o = be.reduce(op, view, axes, odt);
    const r = Array.from(await be.read({ storage: o, dtype: odt, shape: outShape, strides: outStrides, offset: 0 }));
    be.free(s);
    be.free(o);
    return r;
  };
  const f64 = dtype === 'float32';
  return { want: await run(cpu, f64 ? 'float64' : dtype, f64 && outDtype === 'float32' ? 'float64' : outDtype), got: await run(g, dtype, outDtype) };
}

describe.skipIf(!gpu)('two-pass reductions over very long rows', () => {
  const rand = rng(5);
  const n = 200_003;
  const vals = (count: number, lo: number, hi: number): number[] => Array.from({ length: count }, () => Math.fround(lo + (hi - lo) * rand()));

  it('sum, max and min over 200k-element rows (and over a leading axis)', async () => {
    const v = vals(3 * n, -1, 1);
    for (const op of ['sum', 'max', 'min'] as const) {
      const { want, got } = await reduceBoth([3, n], v, 'float32', op, [1], 'float32');
      got.forEach((x, i) => expect(Math.abs(x - want[i]), `${op} row ${i}`).toBeLessThanOrEqual(op === 'sum' ? 2e-3 : 0));
    }
    const { want, got } = await reduceBoth([n, 2], v.slice(0, 2 * n), 'float32', 'sum', [0], 'float32');
    got.forEach((x, i) => expect(Math.abs(x - want[i])).toBeLessThanOrEqual(2e-3));
  });

  it('prod stays exact on powers of two; int32 sums wrap; NaN propagates through max', async () => {
    const ones = Array.from({ length: n }, (_, i) => (i === 7 ? 2 : i === n - 1 ? 0.5 : i === 100_000 ? 4 : 1));
    const p = await reduceBoth([1, n], ones, 'float32', 'prod', [1], 'float32');
    expect(p.got).toEqual([4]);
    const ints = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 2 ** 30 : -(i % 1000)));
    const s = await reduceBoth([1, n], ints, 'int32', 'sum', [1], 'int32');
    expect(s.got).toEqual(s.want);
    const withNaN = vals(n, -1, 1);
    withNaN[150_000] = NaN;
    const m = await reduceBoth([1, n], withNaN, 'float32', 'max', [1], 'float32');
    expect(Number.isNaN(m.got[0])).toBe(true);
  });
});
