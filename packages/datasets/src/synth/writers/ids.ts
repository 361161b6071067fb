import type { SeededRandom } from '../../layouts/seeded-random.js';

/** A lower-case hex string of n digits. */
export function hex(rng: SeededRandom, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(16)];
  return s;
}

/** A MIMIC-CXR-style dicom_id: five groups of 8 hex digits. */
export function mimicDicomId(rng: SeededRandom): string {
  return [0, 1, 2, 3, 4].map(() => hex(rng, 8)).join('-');
}

/** An RSNA-style patientId (a UUID). */
export function uuid(rng: SeededRandom): string {
  return `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${'89ab'[rng.int(4)]}${hex(rng, 3)}-${hex(rng, 12)}`;
}

/** Distinct values from a generator (retries on collision). */
export function unique<T>(make: () => T, n: number): T[] {
  const seen = new Set<T>();
  while (seen.size < n) seen.add(make());
  return [...seen];
}
