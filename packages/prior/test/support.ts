/** Small helpers for the loss tests: float64 CPU tensors and reading values back. */
import { expect } from 'vitest';
import { type NestedArray, type Tensor, Generator, randn, tensor } from '@prior/tensor';

export const f64 = (data: NestedArray | Float64Array, shape?: number[]): Tensor => tensor(data, { dtype: 'float64', device: 'cpu', shape });

export const rnd = (shape: number[], seed: number): Tensor => randn(shape, { dtype: 'float64', device: 'cpu', generator: new Generator(seed) });

export async function scalar(t: Tensor): Promise<number> {
  expect(t.size).toBe(1);
  return (await t.data())[0];
}

export async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

/** Max |a − b| over two equally long lists. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
