/** Shape checks shared by the losses: errors name the function, the input and the expectation. */
import { ShapeError, type Tensor, tensor } from '@prior/tensor';

export const fmt = (s: readonly number[]) => `[${s.join(', ')}]`;

/** Throws unless `t` has rank `rank` (and the given sizes where not null). */
export function expectShape(fn: string, name: string, t: Tensor, want: readonly (number | null)[]): void {
  if (t.rank !== want.length || want.some((n, i) => n !== null && n !== t.shape[i])) {
    const spec = `[${want.map((n) => n ?? '·').join(', ')}]`;
    throw new ShapeError(`${fn}: ${name} must have shape ${spec}, got ${fmt(t.shape)}`);
  }
}

/** A one-element tensor (rank 0 or [1]) holding a log-scale. */
export function expectScalar(fn: string, name: string, t: Tensor): void {
  if (t.size !== 1) throw new ShapeError(`${fn}: ${name} must be a one-element tensor, got ${fmt(t.shape)}`);
}

/** Sentence counts: one integer in [0, slots] per report. */
export function expectCounts(fn: string, counts: readonly number[], batch: number, slots: number): void {
  if (counts.length !== batch) throw new ShapeError(`${fn}: counts must have one entry per report (${batch}), got ${counts.length}`);
  counts.forEach((n, b) => {
    if (!Number.isInteger(n) || n < 0 || n > slots) throw new ShapeError(`${fn}: counts[${b}] must be an integer in [0, ${slots}], got ${n}`);
  });
}

/** Float [B, S] mask, 1 for the first counts[b] slots of report b (the layout of padded sentences). */
export function sentenceMask(counts: readonly number[], slots: number, like: Tensor): Tensor {
  const m = new Float64Array(counts.length * slots);
  counts.forEach((n, b) => m.fill(1, b * slots, b * slots + Math.min(n, slots)));
  return tensor(m, { shape: [counts.length, slots], dtype: like.dtype, device: like.backend });
}
