/**
 * Checks analytic gradients against central differences, in float64 on the CPU
 * backend. Small problems compare the full Jacobian; larger ones compare random
 * directional products vᵀJu (accumulated in float64) per input, then locate the worst
 * elements of a failing input. Failures name the input, the element and both values.
 */
import { type DType, type Tensor, add, isFloat, scope, tensor } from '@prior/tensor';
import { runBackward, releaseGraph } from './backward.js';
import { AutogradError } from './errors.js';
import { enableGrad, noGrad } from './grad-mode.js';
import { requiresGrad, setRequiresGrad } from './tape.js';

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Inputs to check (default: every floating-point input). */
  wrt?: readonly number[];
  /** Full Jacobian when output size × checked input size is at most this (default 4096). */
  jacobianLimit?: number;
  /** Random directions per input in the directional check (default 2). */
  directions?: number;
  /** Seed of the random directions (default 0). */
  seed?: number;
  /** Throw a GradcheckError on failure (default true); otherwise return the report. */
  raise?: boolean;
}

export interface GradcheckReport {
  ok: boolean;
  mode: 'jacobian' | 'directional';
  /** Largest |analytic − numeric| seen. */
  maxError: number;
  /** Human-readable failures, worst first (at most 10). */
  failures: string[];
}

export class GradcheckError extends AutogradError {
  override name = 'GradcheckError';
  constructor(readonly report: GradcheckReport) {
    super(`gradcheck failed (${report.mode}):\n  ${report.failures.join('\n  ')}`);
  }
}

interface Spec {
  shape: number[];
  dtype: DType;
  values: Float64Array;
}

/** A small seeded normal generator (mulberry32 + Box–Muller) for the directions. */
function normals(seed: number): (n: number) => Float64Array {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return (n) => Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

function multiIndex(shape: readonly number[], flat: number): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return `[${idx.join(', ')}]`;
}

export async function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradcheckOptions = {}): Promise<GradcheckReport> {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const specs: Spec[] = await Promise.all(inputs.map(async (t) => ({ shape: [...t.shape], dtype: t.dtype, values: Float64Array.from(await t.data()) })));
  const wrt = opts.wrt ?? specs.flatMap((s, i) => (isFloat(s.dtype) ? [i] : []));
  for (const i of wrt) if (!isFloat(specs[i]?.dtype)) throw new AutogradError(`gradcheck: input ${i} is not floating point`);

  const build = (i: number, values = specs[i].values): Tensor =>
    tensor(values, { shape: specs[i].shape, dtype: isFloat(specs[i].dtype) ? 'float64' : specs[i].dtype, device: 'cpu' });

  /** fn's output values with input i replaced by `values`. */
  const evaluate = (i: number, values: Float64Array): Promise<Float64Array> =>
    scope(async () => {
      const y = noGrad(() => fn(...specs.map((_, k) => (k === i ? build(k, values) : build(k)))));
      return Float64Array.from(await y.data());
    });

  /** Runs fn on fresh leaves and backpropagates each seed; returns per-seed, per-wrt gradients. */
  const analytic = (seeds: Float64Array[]): Promise<{ outShape: number[]; grads: Float64Array[][] }> =>
    scope(async () => {
      const xs = specs.map((_, k) => build(k));
      for (const i of wrt) setRequiresGrad(xs[i], true);
      const y = enableGrad(() => fn(...xs));
      if (!isFloat(y.dtype)) throw new AutogradError(`gradcheck: fn returned ${y.dtype}, expected a floating-point tensor`);
      const outShape = [...y.shape];
      const grads: Float64Array[][] = [];
      for (const seedValues of seeds) {
        const got = new Map<Tensor, Tensor>();
        if (requiresGrad(y)) {
          const seed = tensor(seedValues, { shape: outShape, dtype: y.dtype, device: 'cpu' });
          runBackward(y, seed, {
            retainGraph: true,
            sink: (leaf, g) => {
              const prev = got.get(leaf);
              got.set(leaf, prev ? add(prev, g) : g);
            },
          });
        }
        const row: Float64Array[] = [];
        for (const i of wrt) {
          const g = got.get(xs[i]);
          if (g && (g.shape.length !== specs[i].shape.length || g.shape.some((n, d) => n !== specs[i].shape[d]))) {
            throw new AutogradError(`gradcheck: gradient of input ${i} has shape [${g.shape.join(', ')}], expected [${specs[i].shape.join(', ')}]`);
          }
          row.push(g ? Float64Array.from(await g.data()) : new Float64Array(specs[i].values.length));
        }
        grads.push(row);
      }
      releaseGraph(y);
      return { outShape, grads };
    });

  const base = await evaluate(-1, new Float64Array(0));
  const outSize = base.length;
  const inSize = wrt.reduce((n, i) => n + specs[i].values.length, 0);
  const failures: { err: number; text: string }[] = [];
  let maxError = 0;
  const compare = (a: number, n: number, where: () => string) => {
    const err = Math.abs(a - n);
    if (Number.isFinite(err)) maxError = Math.max(maxError, err);
    if (!(err <= atol + rtol * Math.abs(n))) failures.push({ err: Number.isNaN(err) ? Infinity : err, text: `${where()}: analytic ${a}, numeric ${n}` });
  };
  /** Central difference of fn along direction u of input i, contracted with v. */
  const numericDirectional = async (i: number, u: ArrayLike<number>, v: ArrayLike<number>) => {
    const x = specs[i].values;
    const plus = await evaluate(i, x.map((xv, e) => xv + eps * u[e]));
    const minus = await evaluate(i, x.map((xv, e) => xv - eps * u[e]));
    return (dot(v, plus) - dot(v, minus)) / (2 * eps);
  };

  let mode: GradcheckReport['mode'];
  if (outSize * inSize <= (opts.jacobianLimit ?? 4096)) {
    mode = 'jacobian';
    const seeds = Array.from({ length: outSize }, (_, j) => Float64Array.from({ length: outSize }, (_, k) => (k === j ? 1 : 0)));
    const { grads } = await analytic(seeds);
    for (const [w, i] of wrt.entries()) {
      const x = specs[i].values;
      for (let e = 0; e < x.length; e++) {
        const plus = await evaluate(i, x.map((xv, k) => (k === e ? xv + eps : xv)));
        const minus = await evaluate(i, x.map((xv, k) => (k === e ? xv - eps : xv)));
        for (let j = 0; j < outSize; j++) {
          compare(grads[j][w][e], (plus[j] - minus[j]) / (2 * eps), () => `input ${i} ${JSON.stringify(specs[i].shape)} element ${multiIndex(specs[i].shape, e)}, output element ${j}`);
        }
      }
    }
  } else {
    mode = 'directional';
    const rand = normals(opts.seed ?? 0);
    for (let r = 0; r < (opts.directions ?? 2); r++) {
      const v = rand(outSize);
      const [row] = (await analytic([v])).grads;
      for (const [w, i] of wrt.entries()) {
        const u = rand(specs[i].values.length);
        const before = failures.length;
        compare(dot(row[w], u), await numericDirectional(i, u, v), () => `input ${i} ${JSON.stringify(specs[i].shape)}, random direction ${r}: vᵀJu`);
        if (failures.length > before && specs[i].values.length <= 4096) {
          // Locate: the numeric gradient of vᵀf element by element.
          const located: { err: number; text: string }[] = [];
          for (let e = 0; e < specs[i].values.length; e++) {
            const unit = new Float64Array(specs[i].values.length);
            unit[e] = 1;
            const n = await numericDirectional(i, unit, v);
            const a = row[w][e];
            const err = Math.abs(a - n);
            if (!(err <= atol + rtol * Math.abs(n))) located.push({ err, text: `  input ${i} element ${multiIndex(specs[i].shape, e)} of vᵀJ: analytic ${a}, numeric ${n}` });
          }
          located.sort((p, q) => q.err - p.err);
          failures.push(...located.slice(0, 5).map((l) => ({ ...l, err: -1 })));
        }
      }
    }
  }
  if (mode === 'jacobian') failures.sort((p, q) => q.err - p.err);
  const report: GradcheckReport = {
    ok: failures.length === 0,
    mode,
    maxError,
    failures: failures.slice(0, 10).map((f) => f.text),
  };
  if (!report.ok && opts.raise !== false) throw new GradcheckError(report);
  return report;
}
