/** fast-check arbitraries for the gradient properties: shapes, broadcasting pairs, values kept off kinks. */
import fc from 'fast-check';

export interface InputSpec {
  shape: number[];
  values: number[];
  /** float64 by default (gradcheck runs in float64); int32/bool inputs are constants. */
  dtype?: 'float64' | 'int32' | 'bool';
}

/** A shape of rank minRank..maxRank with dims 1..maxDim (size-1 dims common). */
export function arbShape(maxRank = 3, maxDim = 4, minRank = 0): fc.Arbitrary<number[]> {
  const dim = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 2, max: maxDim }) }, { weight: 1, arbitrary: fc.constant(1) });
  return fc.array(dim, { minLength: minRank, maxLength: maxRank });
}

/** Two shapes that broadcast together: one drops leading dims and/or has size-1 dims. */
export function arbBroadcastPair(maxRank = 3, maxDim = 4): fc.Arbitrary<[number[], number[]]> {
  return arbShape(maxRank, maxDim).chain((a) =>
    fc.tuple(fc.integer({ min: 0, max: a.length }), fc.array(fc.boolean(), { minLength: a.length, maxLength: a.length }), fc.boolean()).map(([drop, ones, swap]) => {
      const b = a.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d));
      return (swap ? [b, a] : [a, b]) as [number[], number[]];
    }),
  );
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Values in [min, max], pushed at least `gap` away from each `avoid` point. */
export function arbValues(n: number, min = -2, max = 2, avoid: number[] = [], gap = 0.05): fc.Arbitrary<number[]> {
  return fc.array(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n }).map((vs) =>
    vs.map((v) => {
      for (const a of avoid) if (Math.abs(v - a) < gap) v = a + (v < a ? -gap : gap);
      return v;
    }),
  );
}

/** Values on the grid k/4 + offset in [min, max]: two grids with different offsets never tie. */
export function arbGrid(n: number, offset: number, min = -2, max = 2): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: Math.ceil(min * 4), max: Math.floor(max * 4) }), { minLength: n, maxLength: n }).map((ks) => ks.map((k) => k / 4 + offset));
}

/** Values in ±[lo, hi]: both signs, kept away from zero. */
export function arbNonZero(n: number, lo = 0.5, hi = 2): fc.Arbitrary<number[]> {
  return fc.array(fc.tuple(fc.double({ min: lo, max: hi, noNaN: true }), fc.boolean()), { minLength: n, maxLength: n }).map((vs) => vs.map(([v, s]) => (s ? v : -v)));
}

export function arbInput(shape: number[], min = -2, max = 2, avoid: number[] = []): fc.Arbitrary<InputSpec> {
  return arbValues(size(shape), min, max, avoid).map((values) => ({ shape, values }));
}

export function arbInts(shape: number[], lo: number, hi: number): fc.Arbitrary<InputSpec> {
  return fc.array(fc.integer({ min: lo, max: hi }), { minLength: size(shape), maxLength: size(shape) }).map((values) => ({ shape, values, dtype: 'int32' as const }));
}

export function arbBools(shape: number[]): fc.Arbitrary<InputSpec> {
  return fc.array(fc.boolean(), { minLength: size(shape), maxLength: size(shape) }).map((bs) => ({ shape, values: bs.map(Number), dtype: 'bool' as const }));
}

/** A random subset of the axes of a rank-r tensor, or undefined (all). */
export function arbAxes(rank: number): fc.Arbitrary<number[] | undefined> {
  if (rank === 0) return fc.constantFrom(undefined, []);
  return fc.oneof(fc.constant(undefined), fc.subarray([...Array(rank).keys()], { minLength: 1 }).chain((ax) => fc.boolean().map((neg) => (neg ? ax.map((a) => a - rank) : ax))));
}

export const arbAxis = (rank: number) => fc.integer({ min: -Math.max(rank, 1), max: Math.max(rank, 1) - 1 });

export { size };

/** A shape that broadcasts to `full`: leading dims dropped and/or dims set to 1. */
export function arbDerived(full: number[]): fc.Arbitrary<number[]> {
  return fc.tuple(fc.integer({ min: 0, max: full.length }), fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length })).map(([drop, ones]) =>
    full.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)),
  );
}
