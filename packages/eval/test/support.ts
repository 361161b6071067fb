import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** The fixtures written by scripts/metric_fixtures.py (null stands for NaN). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fixtures: any = JSON.parse(readFileSync(new URL('./fixtures/metrics.json', import.meta.url), 'utf8'));

/** Equal up to float rounding; null in a fixture means NaN. */
export function close(actual: number, expected: number | null, tol = 1e-12): void {
  if (expected === null) {
    expect(actual).toBeNaN();
    return;
  }
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

export function allClose(actual: readonly number[], expected: readonly (number | null)[], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => close(a, expected[i], tol));
}
