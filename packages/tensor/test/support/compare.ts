/**
 * Cross-backend checking for the op property tests: an op runs on the CPU backend in
 * float64 (the oracle) and in float32 on each backend under test (cpu, and webgpu when
 * an adapter exists); results must agree within a tolerance that grows with the
 * reduction length. Inputs can be handed over as non-contiguous views.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Backend } from '../../src/backend.js';
import type { DType } from '../../src/dtype.js';
import { type Tensor, tensor, permute, slice, contiguous } from '../../src/index.js';
import { cpu, gpu } from './backends.js';

export type Layout = 'contiguous' | 'transposed' | 'strided';

export interface InputSpec {
  shape: number[];
  /** Values, already representable in float32 (fc.float or Math.fround). */
  values: number[];
  dtype?: DType;
  layout?: Layout;
}

/** Backends under test against the float64 oracle. */
export const targets: { name: string; backend: Backend; runs: number }[] = [
  { name: 'cpu', backend: cpu, runs: 25 },
  ...(gpu ? [{ name: 'webgpu', backend: gpu, runs: 6 }] : []),
];

/** Builds `spec` on `backend` as the requested (possibly non-contiguous) view. */
export function makeInput(spec: InputSpec, backend: Backend, floatDType: DType): Tensor {
  const dtype = spec.dtype && spec.dtype !== 'float32' ? spec.dtype : floatDType;
  const base = tensor(spec.values, { shape: spec.shape, dtype, device: backend });
  const layout = spec.layout ?? 'contiguous';
  const r = spec.shape.length;
  if (layout === 'transposed' && r >= 2) {
    // Store the transpose, then permute back: same logical values, swapped strides.
    const perm = [...Array(r).keys()];
    [perm[r - 1], perm[r - 2]] = [perm[r - 2], perm[r - 1]];
    const stored = contiguous(permute(base, perm));
    base.dispose();
    const v = permute(stored, perm);
    stored.dispose();
    return v;
  }
  if (layout === 'strided' && r >= 1) {
    // Interleave with junk along the last axis and slice every other element.
    const n = spec.shape[r - 1];
    const wide = [...spec.shape.slice(0, -1), 2 * n];
    const vals = new Array<number>(spec.values.length * 2);
    for (let i = 0; i < spec.values.length; i++) {
      vals[2 * i] = spec.values[i];
      vals[2 * i + 1] = 12345;
    }
    const stored = tensor(vals, { shape: wide, dtype, device: backend });
    base.dispose();
    const v = slice(stored, [...spec.shape.slice(0, -1).map(() => null), [0, 2 * n, 2]]);
    stored.dispose();
    return v;
  }
  return base;
}

export interface CheckOptions {
  atol?: number;
  rtol?: number;
  /** Number of terms summed per output element (tolerance grows with sqrt of it). */
  reduceLen?: number;
}

function close(a: number, b: number, atol: number, rtol: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/** Runs `op` on the oracle and on `backend`, and asserts agreement. */
export async function agree(
  backend: Backend,
  inputs: InputSpec[],
  op: (...xs: Tensor[]) => Tensor | Tensor[],
  opts: CheckOptions = {},
): Promise<void> {
  const scale = Math.sqrt(Math.max(1, opts.reduceLen ?? 1));
  const atol = (opts.atol ?? 1e-5) * scale;
  const rtol = (opts.rtol ?? 1e-4) * scale;
  const run = async (be: Backend, fdt: DType) => {
    const xs = inputs.map((s) => makeInput(s, be, fdt));
    const out = op(...xs);
    const outs = Array.isArray(out) ? out : [out];
    const res = await Promise.all(outs.map(async (t) => ({ shape: [...t.shape], dtype: t.dtype, data: Array.from(await t.data()) })));
    for (const t of [...xs, ...outs]) t.dispose();
    return res;
  };
  const want = await run(cpu, 'float64');
  const got = await run(backend, 'float32');
  expect(got.length).toBe(want.length);
  got.forEach((g, k) => {
    const w = want[k];
    expect(g.shape).toEqual(w.shape);
    expect(g.dtype === w.dtype || (g.dtype === 'float32' && w.dtype === 'float64')).toBe(true);
    for (let i = 0; i < w.data.length; i++) {
      if (!close(g.data[i], w.data[i], atol, rtol)) {
        throw new Error(`${backend.name}: output ${k} element ${i}: got ${g.data[i]}, want ${w.data[i]} (atol ${atol}, rtol ${rtol}); shape [${w.shape}], inputs ${JSON.stringify(inputs.map((s) => ({ shape: s.shape, layout: s.layout })))}`);
      }
    }
  });
}

// ---- arbitraries ----

/** A shape of rank 0..maxRank with dims 0..maxDim (0 rarely). */
export function arbShape(maxRank = 4, maxDim = 5, minRank = 0): fc.Arbitrary<number[]> {
  const dim = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: maxDim }) }, { weight: 1, arbitrary: fc.constant(0) });
  return fc.array(dim, { minLength: minRank, maxLength: maxRank });
}

/** Two shapes that broadcast together: b drops leading dims and/or sets dims to 1. */
export function arbBroadcastPair(maxRank = 4, maxDim = 5): fc.Arbitrary<[number[], number[]]> {
  return arbShape(maxRank, maxDim).chain((a) =>
    fc.tuple(fc.integer({ min: 0, max: a.length }), fc.array(fc.boolean(), { minLength: a.length, maxLength: a.length }), fc.boolean()).map(([drop, ones, swap]) => {
      const b = a.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d));
      return (swap ? [b, a] : [a, b]) as [number[], number[]];
    }),
  );
}

export const arbLayout: fc.Arbitrary<Layout> = fc.constantFrom('contiguous', 'transposed', 'strided');

/** float32-representable values in [min, max], optionally kept away from `avoid` points. */
export function arbValues(n: number, min = -3, max = 3, avoid: number[] = [], gap = 1e-2): fc.Arbitrary<number[]> {
  return fc.array(fc.double({ min, max, noNaN: true }), { minLength: n, maxLength: n }).map((vs) =>
    vs.map((v) => {
      for (const a of avoid) if (Math.abs(v - a) < gap) v = a + (v < a ? -gap : gap);
      // WGSL lets an adapter flush subnormals and drop the sign of zero (SwiftShader does),
      // so inputs that only differ there are not portable: use +0 for them.
      return Math.abs(v) < 1e-30 ? 0 : Math.fround(v);
    }),
  );
}

/** An input spec for a given shape with random values and layout. */
export function arbInput(shape: number[], min = -3, max = 3, avoid: number[] = []): fc.Arbitrary<InputSpec> {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc.record({ values: arbValues(n, min, max, avoid), layout: arbLayout }).map(({ values, layout }) => ({ shape, values, layout }));
}

/** Runs an async property on every target backend, with that backend's run count. */
export async function forAllBackends<T>(arb: fc.Arbitrary<T>, check: (backend: Backend, v: T) => Promise<void>, seed?: number): Promise<void> {
  for (const t of targets) {
    await fc.assert(
      fc.asyncProperty(arb, (v) => check(t.backend, v)),
      { numRuns: t.runs, seed, endOnFailure: true },
    );
  }
}
