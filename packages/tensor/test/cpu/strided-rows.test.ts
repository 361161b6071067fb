/**
 * The elementwise and copy kernels walk their operands row by row after merging dims
 * (src/backends/cpu/runs.ts). These properties compare them, on random shapes with
 * random layouts (permuted, broadcast, flipped, sliced), against a per-element reference
 * that computes every storage offset from scratch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { View } from '../../src/backend.js';
import { forEachRow, planRows } from '../../src/backends/cpu/runs.js';
import { dataOf } from '../../src/backends/cpu/storage.js';
import { contiguousStrides, sizeOf } from '../../src/shape.js';
import { cpu, randomValues, strided, values } from './helpers.js';

/** Storage offset of each element in row-major logical order, one index at a time. */
function naiveOffsets(shape: readonly number[], strides: readonly number[], offset: number): number[] {
  const out: number[] = [];
  const n = sizeOf(shape);
  for (let i = 0; i < n; i++) {
    let rest = i;
    let o = offset;
    for (let d = shape.length - 1; d >= 0; d--) {
      o += (rest % shape[d]) * strides[d];
      rest = Math.floor(rest / shape[d]);
    }
    out.push(o);
  }
  return out;
}

function naiveRead(v: View): number[] {
  const data = dataOf(v.storage);
  return naiveOffsets(v.shape, v.strides, v.offset).map((o) => data[o]);
}

/** Per dim: 0 = contiguous order, 1 = broadcast (stride 0), 2 = flipped. */
type Layout = { kinds: number[]; perm: number[]; pad: number; seed: number };

/** A view of `shape` whose storage layout follows `layout` (with `pad` unused leading elements). */
function makeView(shape: number[], layout: Layout, dtype: 'float64' | 'float32' | 'int32' = 'float64'): View {
  const rank = shape.length;
  // Lay out the non-broadcast dims contiguously in the permuted order.
  const strides = new Array<number>(rank).fill(0);
  let acc = 1;
  for (let j = rank - 1; j >= 0; j--) {
    const d = layout.perm[j];
    if (layout.kinds[d] === 1) continue;
    strides[d] = acc;
    acc *= shape[d];
  }
  let offset = layout.pad;
  for (let d = 0; d < rank; d++) {
    if (layout.kinds[d] === 2 && shape[d] > 1) {
      offset += (shape[d] - 1) * strides[d];
      strides[d] = -strides[d];
    }
  }
  const buffer = randomValues(layout.pad + acc, layout.seed).map((x) => (dtype === 'int32' ? Math.round(x * 50) : x * 4));
  return strided(buffer, shape, strides, offset, dtype);
}

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 });
const layoutArb = (rank: number) =>
  fc.record({
    kinds: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: rank, maxLength: rank }),
    perm: fc.shuffledSubarray([...Array(rank).keys()], { minLength: rank, maxLength: rank }),
    pad: fc.integer({ min: 0, max: 3 }),
    seed: fc.integer({ min: 1, max: 1000 }),
  });
const caseArb = (operands: number) =>
  shapeArb.chain((shape) => fc.tuple(fc.constant(shape), fc.array(layoutArb(shape.length), { minLength: operands, maxLength: operands })));

describe('cpu row planning', () => {
  it('visits exactly the offsets of every view, in row-major order', () => {
    fc.assert(
      fc.property(caseArb(2), ([shape, layouts]) => {
        const views = layouts.map((l) => makeView(shape, l));
        const plan = planRows(shape, views.map((v) => v.strides));
        const inner = plan.shape.length - 1;
        const seen: number[][] = views.map(() => []);
        forEachRow(plan, views.map((v) => v.offset), (row, bases) => {
          expect(row * plan.shape[inner]).toBe(seen[0].length);
          for (let v = 0; v < views.length; v++) {
            for (let j = 0; j < plan.shape[inner]; j++) seen[v].push(bases[v] + j * plan.strides[v][inner]);
          }
        });
        views.forEach((v, i) => expect(seen[i]).toEqual(naiveOffsets(shape, v.strides, v.offset)));
      }),
    );
  });

  it('merges a contiguous tensor into one row and a per-channel bias into long rows', () => {
    expect(planRows([2, 3, 4], [contiguousStrides([2, 3, 4])])).toEqual({ shape: [24], strides: [[1]] });
    // [N, C, H, W] + bias [1, C, 1, 1] broadcast: H and W merge into one row of length H·W.
    const plan = planRows([2, 3, 4, 5], [contiguousStrides([2, 3, 4, 5]), [0, 1, 0, 0]]);
    expect(plan).toEqual({ shape: [2, 3, 20], strides: [[60, 20, 1], [0, 1, 0]] });
    expect(planRows([], [[]])).toEqual({ shape: [1], strides: [[0]] });
  });
});

describe('cpu elementwise kernels on any layout', () => {
  it('binary ops equal the per-element reference (float, int32 wrap, comparisons)', () => {
    const ops = [
      ['add', 'float64'],
      ['sub', 'float64'],
      ['mul', 'float64'],
      ['div', 'float64'],
      ['maximum', 'float64'],
      ['mul', 'int32'],
      ['add', 'float32'],
      ['lt', 'bool'],
    ] as const;
    fc.assert(
      fc.property(caseArb(2), fc.integer({ min: 0, max: ops.length - 1 }), ([shape, [la, lb]], k) => {
        const [op, out] = ops[k];
        const inD = out === 'bool' ? 'float64' : out;
        const a = makeView(shape, la, inD);
        const b = makeView(shape, lb, inD);
        const f = {
          add: (x: number, y: number) => x + y,
          sub: (x: number, y: number) => x - y,
          mul: out === 'int32' ? Math.imul : (x: number, y: number) => x * y,
          div: (x: number, y: number) => x / y,
          maximum: (x: number, y: number) => Math.max(x, y),
          lt: (x: number, y: number) => (x < y ? 1 : 0),
        }[op];
        const ra = naiveRead(a);
        const rb = naiveRead(b);
        const expected = ra.map((x, i) => f(x, rb[i]));
        const cast = out === 'float32' ? Math.fround : out === 'int32' ? (x: number) => x | 0 : (x: number) => x;
        expect(values(cpu.binary(op, a, b, out))).toEqual(expected.map(cast));
      }),
    );
  });

  it('unary ops, where and copyInto equal the per-element reference', () => {
    fc.assert(
      fc.property(caseArb(3), ([shape, [lx, la, lb]]) => {
        const x = makeView(shape, lx);
        expect(values(cpu.unary('exp', x, 'float32'))).toEqual(naiveRead(x).map((v) => Math.fround(Math.exp(v))));
        expect(values(cpu.unary('relu', x, 'bool'))).toEqual(naiveRead(x).map((v) => (v > 0 ? 1 : 0)));
        const a = makeView(shape, la);
        const b = makeView(shape, lb);
        const rx = naiveRead(x);
        const ra = naiveRead(a);
        const rb = naiveRead(b);
        expect(values(cpu.where(x, a, b, 'float64'))).toEqual(rx.map((c, i) => (c !== 0 ? ra[i] : rb[i])));
        // copyInto a strided destination (no broadcast dims: every element written once).
        const dst = makeView(shape, { ...lb, kinds: lb.kinds.map((kd) => (kd === 1 ? 0 : kd)) });
        cpu.copyInto(a, dst);
        expect(naiveRead(dst)).toEqual(ra);
      }),
    );
  });
});

describe('cpu reduce on any layout', () => {
  it('sum, max and argmax over random axes equal the per-element reference', () => {
    fc.assert(
      fc.property(caseArb(1), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), ([shape, [lx]], pick) => {
        const x = makeView(shape, lx);
        const axes = shape.map((_, d) => d).filter((d) => pick[d]);
        const kept = shape.map((_, d) => d).filter((d) => !pick[d]);
        const xs = naiveRead(x);
        // Group the elements (in row-major order) by their kept coordinates.
        const groups = new Map<number, number[]>();
        const cs = contiguousStrides(shape);
        xs.forEach((v, i) => {
          let key = 0;
          for (const d of kept) key = key * shape[d] + (Math.floor(i / cs[d]) % shape[d]);
          groups.set(key, [...(groups.get(key) ?? []), v]);
        });
        const keys = [...groups.keys()].sort((a, b) => a - b);
        const sums = keys.map((k) => groups.get(k)!.reduce((s, v) => s + v, 0));
        expect(values(cpu.reduce('sum', x, axes, 'float64'))).toEqual(sums);
        expect(values(cpu.reduce('max', x, axes, 'float64'))).toEqual(keys.map((k) => Math.max(...groups.get(k)!)));
        if (axes.length === 1) {
          const arg = keys.map((k) => groups.get(k)!.indexOf(Math.max(...groups.get(k)!)));
          expect(values(cpu.reduce('argmax', x, axes, 'int32'))).toEqual(arg);
        }
      }),
    );
  });
});
