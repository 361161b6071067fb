/**
 * The registry check: every export of the tensor package is classified, every
 * differentiable op has a recording version in @prior/autograd, and every
 * differentiable function has a gradient property. A new tensor op fails here until
 * it is classified and, if differentiable, given a rule and a property.
 */
import { describe, expect, it } from 'vitest';
import * as T from '@prior/tensor';
import * as A from '../../src/index.js';
import { differentiableOps, fusedOps, tensorExports } from '../../src/index.js';
import { specs as elementwise } from './specs/elementwise.js';
import { specs as reduce } from './specs/reduce.js';
import { specs as movement } from './specs/movement.js';
import { specs as linalgConv } from './specs/linalg-conv.js';
import { specs as indexing } from './specs/indexing.js';
import { specs as fused } from './specs/fused.js';

const covered = new Set([...elementwise, ...reduce, ...movement, ...linalgConv, ...indexing, ...fused].map((s) => s.op));
const tensorNames = Object.keys(T).filter((k) => T[k as keyof typeof T] !== undefined);
const auto = A as unknown as Record<string, unknown>;
const plain = T as unknown as Record<string, unknown>;

describe('op registry', () => {
  it('classifies every export of @prior/tensor', () => {
    const unclassified = tensorNames.filter((n) => !(n in tensorExports));
    expect(unclassified, `classify these tensor exports in src/registry.ts`).toEqual([]);
    const stale = Object.keys(tensorExports).filter((n) => !tensorNames.includes(n));
    expect(stale, 'registry entries with no tensor export').toEqual([]);
  });

  it('exports a recording version of every differentiable tensor op', () => {
    const missing = Object.entries(tensorExports)
      .filter(([n, kind]) => kind === 'differentiable' && (typeof auto[n] !== 'function' || auto[n] === plain[n]))
      .map(([n]) => n);
    expect(missing, 'differentiable ops without an autograd version').toEqual([]);
  });

  it('re-exports every non-differentiable op unchanged', () => {
    const missing = Object.entries(tensorExports)
      .filter(([n, kind]) => kind === 'non-differentiable' && auto[n] !== plain[n])
      .map(([n]) => n);
    expect(missing).toEqual([]);
  });

  it('has a gradient property for every differentiable function', () => {
    const untested = differentiableOps.filter((n) => !covered.has(n));
    expect(untested, 'differentiable ops without a gradient property in test/grad/specs').toEqual([]);
    for (const n of fusedOps) expect(typeof auto[n]).toBe('function');
    const unknown = [...covered].filter((n) => !differentiableOps.includes(n));
    expect(unknown, 'properties naming no differentiable op').toEqual([]);
  });
});
