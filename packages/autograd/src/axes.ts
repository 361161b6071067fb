/** Axis bookkeeping shared by the reduction and movement rules. */
export type { Axes } from '@prior/tensor';
export { normAxis, normAxes } from '@prior/tensor';

/** `shape` with the reduced axes set to 1 (the keepdim shape). */
export function keepShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((n, i) => (axes.includes(i) ? 1 : n));
}

export function sizeOfAxes(shape: readonly number[], axes: readonly number[]): number {
  return axes.reduce((acc, i) => acc * shape[i], 1);
}

/** F.pad-style pads (pairs from the last axis) that pad only `axis`. */
export function padsFor(axis: number, rank: number, before: number, after: number): number[] {
  const pads = new Array<number>(2 * (rank - axis)).fill(0);
  pads[2 * (rank - 1 - axis)] = before;
  pads[2 * (rank - 1 - axis) + 1] = after;
  return pads;
}
