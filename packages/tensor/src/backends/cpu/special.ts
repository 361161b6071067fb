/**
 * erf and erfc in double precision, written for the reference backend.
 *
 * |x| < 2: the everywhere-positive series
 *   erf(x) = 2/√π · e^{-x²} · Σ_n 2^n x^{2n+1} / (1·3·…·(2n+1)),
 * which has no cancellation, so erf is accurate to a few ulps.
 * |x| ≥ 2: Laplace's continued fraction for erfc, evaluated with the modified Lentz
 * method, so erfc keeps its relative accuracy far into the tail (gelu of large
 * negative inputs depends on that).
 */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_PI = 0.5641895835477563;
const SPLIT = 2;

/** Series for erf(|x|), with the sign of x applied at the end. */
function erfSeries(x: number): number {
  const ax = Math.abs(x);
  const x2 = ax * ax;
  let term = ax;
  let sum = ax;
  for (let n = 0; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 3);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  return x < 0 ? -r : r;
}

/** erfc(x) for x ≥ SPLIT: e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
function erfcFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    c = x + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (INV_SQRT_PI * Math.exp(-x * x)) / f;
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < SPLIT) return erfSeries(x);
  if (ax > 6) return x > 0 ? 1 : -1;
  const r = 1 - erfcFraction(ax);
  return x > 0 ? r : -r;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x >= SPLIT) return x > 27 ? 0 : erfcFraction(x);
  if (x <= -SPLIT) return x < -6 ? 2 : 2 - erfcFraction(-x);
  return 1 - erfSeries(x);
}
