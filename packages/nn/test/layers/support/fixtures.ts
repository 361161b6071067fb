/**
 * Runs a PyTorch fixture case (scripts/layer_fixtures.py) against our module: the
 * state dict and float inputs are the script's formula tensors, the scalar is
 * L = Σ_k sum(out_k ⊙ R_k), and outputs, input gradients, parameter gradients and
 * buffers after the forward are compared with the recorded ones.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as A from '@prior/autograd';
import { type Backend, type Tensor, full, scope, tensor } from '@prior/tensor';
import type { Module } from '../../../src/index.js';

const GOLDEN = 0x9e3779b9;
const SAMPLES = 96;

export interface Spec {
  shape: number[];
  seed: number;
  scale: number;
  offset: number;
}
export interface Stored {
  shape: number[];
  dtype: 'int32' | 'bool' | 'float32';
  values: number[];
}
export interface Packed {
  shape: number[];
  values: number[];
  /** Present when only samples at floor(k·n/SAMPLES) are stored. */
  sum?: number;
  absSum?: number;
  sqSum?: number;
}
export interface Case {
  name: string;
  config: Record<string, unknown>;
  train: boolean;
  state: Record<string, (Spec & { int?: undefined }) | { int: number; shape: number[] }>;
  inputs: Record<string, Spec | Stored>;
  outputs: Packed[];
  rSeeds: number[];
  grads: Record<string, Packed | null>;
  buffersAfter?: Record<string, Packed | { int: number }>;
}

export function loadCases(file: string): Case[] {
  const url = new URL(`../../fixtures/layers/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: Case[] }).cases;
}

/** MurmurHash3's 32-bit finaliser. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The script's formula: offset + scale·(2u − 1), u = fmix32(i + seed·GOLDEN mod 2³²) / 2³², rounded to float32. */
export function formula(shape: readonly number[], seed: number, scale = 1, offset = 0, device?: Backend): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const base = Math.imul(seed, GOLDEN) >>> 0;
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = offset + scale * (2 * (fmix32(base + i) / 2 ** 32) - 1);
  return tensor(v, { shape, device });
}

const isSpec = (s: Spec | Stored): s is Spec => 'seed' in s;

export function stateFromCase(c: Case, device: Backend): Map<string, Tensor> {
  const sd = new Map<string, Tensor>();
  for (const [k, s] of Object.entries(c.state)) {
    if (s.int !== undefined) sd.set(k, full(s.shape, s.int, { dtype: 'int32', device }));
    else sd.set(k, formula(s.shape, s.seed, s.scale, s.offset, device));
  }
  return sd;
}

export function inputsFromCase(c: Case, device: Backend): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [k, s] of Object.entries(c.inputs)) {
    if (isSpec(s)) {
      const t = formula(s.shape, s.seed, s.scale, s.offset, device);
      t.requiresGrad = true;
      out[k] = t;
    } else out[k] = tensor(s.values, { shape: s.shape, dtype: s.dtype, device });
  }
  return out;
}

export interface Tolerance {
  /** Relative to the reference's magnitude (max |v| when whole, RMS when sampled). */
  atol: number;
  rtol: number;
}

export const defaultTol: Tolerance = { atol: 2e-5, rtol: 1e-4 };

/** Compares a tensor with a packed reference; returns a description of the first mismatch, or null. */
export async function mismatch(got: Tensor, want: Packed, tol: Tolerance): Promise<string | null> {
  if (got.shape.join() !== want.shape.join()) return `shape [${got.shape}] vs [${want.shape}]`;
  const g = await got.data();
  const n = g.length;
  const sampled = want.sum !== undefined;
  const pos = (k: number) => (sampled ? Math.floor((k * n) / SAMPLES) : k);
  const scale = sampled ? Math.sqrt((want.sqSum as number) / n) : Math.max(1e-30, ...want.values.map(Math.abs));
  for (let k = 0; k < want.values.length; k++) {
    const a = g[pos(k)];
    const b = want.values[k];
    if (!(Math.abs(a - b) <= tol.atol * scale + tol.rtol * Math.abs(b))) return `element ${pos(k)}: got ${a}, want ${b} (scale ${scale.toExponential(2)})`;
  }
  if (sampled) {
    let sum = 0;
    let abs = 0;
    for (let i = 0; i < n; i++) {
      sum += g[i];
      abs += Math.abs(g[i]);
    }
    const slack = 20 * tol.atol * (want.absSum as number) + 1e-12;
    if (!(Math.abs(sum - (want.sum as number)) <= slack)) return `sum ${sum} vs ${want.sum}`;
    if (!(Math.abs(abs - (want.absSum as number)) <= slack)) return `abs sum ${abs} vs ${want.absSum}`;
  }
  return null;
}

export interface RunSpec {
  /** Parameter gradients not compared (mathematically zero, so only rounding noise). */
  skipGrads?: RegExp;
  build: (c: Case, device: Backend) => Module;
  forward: (m: Module, inputs: Record<string, Tensor>, c: Case) => Tensor | Tensor[];
  tol?: Tolerance;
}

/** Runs one case on one backend and asserts every recorded quantity. */
export async function checkCase(c: Case, device: Backend, spec: RunSpec): Promise<void> {
  const tol = spec.tol ?? defaultTol;
  const m = spec.build(c, device);
  const sd = stateFromCase(c, device);
  // Same keys, same order as PyTorch's state_dict.
  expect([...m.stateDict().keys()]).toEqual(Object.keys(c.state));
  m.loadStateDict(sd);
  for (const t of sd.values()) t.dispose();
  m.train(c.train);
  const inputs = inputsFromCase(c, device);
  const problems: string[] = [];
  await scope(async () => {
    const raw = spec.forward(m, inputs, c);
    const outs = Array.isArray(raw) ? raw : [raw];
    expect(outs.length).toBe(c.outputs.length);
    let loss: Tensor | null = null;
    outs.forEach((o, k) => {
      const term = A.sum(A.mul(o, formula(o.shape, c.rSeeds[k], 1, 0, device)));
      loss = loss ? A.add(loss, term) : term;
    });
    (loss as unknown as Tensor).backward();
    for (let k = 0; k < outs.length; k++) {
      const bad = await mismatch(outs[k], c.outputs[k], tol);
      if (bad) problems.push(`output ${k}: ${bad}`);
    }
  });
  for (const [k, want] of Object.entries(c.grads)) {
    const g = k.startsWith('input.') ? inputs[k.slice(6)].grad : findParam(m, k)?.grad ?? null;
    if (want === null || spec.skipGrads?.test(k)) continue;
    if (!g) {
      problems.push(`grad ${k}: missing`);
      continue;
    }
    const bad = await mismatch(g, want, tol);
    if (bad) problems.push(`grad ${k}: ${bad}`);
  }
  const buffers = new Map(m.namedBuffers());
  for (const [k, want] of Object.entries(c.buffersAfter ?? {})) {
    const b = buffers.get(k);
    if (!b) problems.push(`buffer ${k}: missing`);
    else if ('int' in want) {
      if ((await b.value.item()) !== want.int) problems.push(`buffer ${k}: ${await b.value.item()} vs ${want.int}`);
    } else {
      const bad = await mismatch(b.value, want, tol);
      if (bad) problems.push(`buffer ${k}: ${bad}`);
    }
  }
  m.dispose();
  for (const t of Object.values(inputs)) {
    t.zeroGrad();
    t.dispose();
  }
  expect(problems, `${c.name} on ${device.name}`).toEqual([]);
}

function findParam(m: Module, name: string) {
  for (const [n, p] of m.namedParameters()) if (n === name) return p;
  return null;
}
