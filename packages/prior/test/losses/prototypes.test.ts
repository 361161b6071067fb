import { describe, expect, it } from 'vitest';
import * as A from '@prior/autograd';
import { gradcheck } from '@prior/autograd';
import { Generator, type Tensor } from '@prior/tensor';
import { assignPrototypes, gumbelNoise, gumbelSoftmax, prototypeLoss, prototypeUsage } from '../../src/index.js';
import { f64, maxDiff, rnd, scalar, values } from '../support.js';

const softmax = (row: number[]) => {
  const m = Math.max(...row);
  const e = row.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

describe('gumbelSoftmax', () => {
  it('is the deterministic softmax(logits / τ) at evaluation', async () => {
    const logits = [[1, 2, 0.5], [-1, 0, 3]];
    const p = await values(gumbelSoftmax(f64(logits), { tau: 0.9, training: false }));
    expect(maxDiff(p, logits.flatMap((r) => softmax(r.map((x) => x / 0.9))))).toBeLessThan(1e-15);
  });

  it('adds Gumbel noise from the seeded generator in training', async () => {
    const logits = f64([[1, 2, 0.5], [-1, 0, 3]]);
    const a = await values(gumbelSoftmax(logits, { tau: 0.9, training: true, generator: new Generator(3) }));
    const b = await values(gumbelSoftmax(logits, { tau: 0.9, training: true, generator: new Generator(3) }));
    const c = await values(gumbelSoftmax(logits, { tau: 0.9, training: true, generator: new Generator(4) }));
    expect(a).toEqual(b);
    expect(maxDiff(a, c)).toBeGreaterThan(1e-3);
    // Soft: each row is a full distribution.
    expect(a.slice(0, 3).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
    // With the same noise it equals softmax((logits + g) / τ).
    const g = await values(gumbelNoise([2, 3], logits, new Generator(3)));
    const want = [0, 1].flatMap((r) => softmax([0, 1, 2].map((k) => ([[1, 2, 0.5], [-1, 0, 3]][r][k] + g[r * 3 + k]) / 0.9)));
    expect(maxDiff(a, want)).toBeLessThan(1e-14);
  });

  it('draws standard Gumbel noise (mean γ ≈ 0.5772, variance π²/6)', async () => {
    const g = await values(gumbelNoise([20000], f64([0]), new Generator(9)));
    const mean = g.reduce((s, x) => s + x, 0) / g.length;
    const variance = g.reduce((s, x) => s + (x - mean) ** 2, 0) / g.length;
    expect(mean).toBeCloseTo(0.5772, 1);
    expect(variance).toBeCloseTo(Math.PI ** 2 / 6, 0);
    expect(g.every(Number.isFinite)).toBe(true);
  });

  it('passes gradcheck with fixed noise and at evaluation', async () => {
    const logits = rnd([3, 4], 1);
    await gradcheck((l) => A.sum(A.mul(gumbelSoftmax(l, { tau: 0.9, training: true, generator: new Generator(5) }), f64([1, -2, 0.5, 3]))), [logits]);
    await gradcheck((l) => A.sum(A.mul(gumbelSoftmax(l, { tau: 0.9, training: false }), f64([1, -2, 0.5, 3]))), [logits]);
  });
});

describe('prototype bank (SPB) and L_proto', () => {
  it('computes x̂ = softmax(x Eᵀ / τ) E and L_proto = mean |x̂ − x| by hand', async () => {
    const E = f64([[1, 0], [0, 1]]);
    const x = f64([[2, 0]]);
    const { logits, probs, quantized } = assignPrototypes(x, E, { tau: 1, training: false });
    expect(await values(logits)).toEqual([2, 0]);
    const p0 = Math.exp(2) / (Math.exp(2) + 1);
    expect(maxDiff(await values(probs), [p0, 1 - p0])).toBeLessThan(1e-15);
    expect(maxDiff(await values(quantized), [p0, 1 - p0])).toBeLessThan(1e-15);
    expect(await scalar(prototypeLoss(quantized, x))).toBeCloseTo((2 - p0 + (1 - p0)) / 2, 14);
  });

  it('is 0 when the sentence is its own prototype vector', async () => {
    const x = rnd([3, 4], 2);
    expect(await scalar(prototypeLoss(x, x))).toBe(0);
  });

  it('passes gradcheck for both sentences and prototypes (gradients reach both)', async () => {
    const x = rnd([3, 4], 3);
    const E = rnd([5, 4], 4);
    const f = (xs: Tensor, e: Tensor) => prototypeLoss(assignPrototypes(xs, e, { tau: 0.9, training: true, generator: new Generator(6) }).quantized, xs);
    await gradcheck(f, [x, E]);
    const [gx, gE] = A.grad(f, { argnums: [0, 1] })(x, E) as Tensor[];
    expect((await values(gx)).some((v) => v !== 0)).toBe(true);
    expect((await values(gE)).some((v) => v !== 0)).toBe(true);
  });

  it('rejects a width mismatch', () => {
    expect(() => assignPrototypes(rnd([3, 4], 1), rnd([5, 3], 2), { tau: 0.9, training: false })).toThrow(/x must have shape \[·, 3\], got \[3, 4\]/);
    expect(() => gumbelSoftmax(rnd([3, 4], 1), { tau: 0, training: false })).toThrow(/tau must be > 0/);
  });
});

describe('prototypeUsage', () => {
  it('counts distinct argmax prototypes and the perplexity of the mean assignment', async () => {
    // Two sentences on prototype 0, one on prototype 2, of K = 4: mean p = (⅔, 0, ⅓, 0).
    const u = await prototypeUsage(f64([[1, 0, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0]]));
    expect(u.used).toBe(2);
    expect(u.perplexity).toBeCloseTo(Math.exp(-((2 / 3) * Math.log(2 / 3) + (1 / 3) * Math.log(1 / 3))), 12);
    // A collapsed bank: everything on one prototype.
    expect(await prototypeUsage(f64([[0, 1], [0, 1]]))).toEqual({ used: 1, perplexity: 1 });
    // Uniform soft use of K prototypes has perplexity K.
    expect((await prototypeUsage(f64([[0.25, 0.25, 0.25, 0.25]]))).perplexity).toBeCloseTo(4, 12);
  });
});
