/** Argument checks shared by the losses: each error names the loss and what it expected. */
import { ShapeError, TensorError, type Tensor } from '@prior/tensor';

export const fmt = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

export function checkReduction(loss: string, reduction: string, extra: readonly string[] = []): void {
  const ok = ['mean', 'sum', 'none', ...extra];
  if (!ok.includes(reduction)) throw new TensorError(`${loss}: reduction must be one of ${ok.map((r) => `'${r}'`).join(', ')}, got '${reduction}'`);
}

/** Elementwise losses want input and target of one shape (PyTorch only warns; a silent broadcast is a bug here). */
export function checkSameShape(loss: string, input: Tensor, other: Tensor, what = 'target'): void {
  const a = input.shape;
  const b = other.shape;
  if (a.length !== b.length || a.some((n, i) => n !== b[i])) {
    throw new ShapeError(`${loss}: ${what} shape ${fmt(b)} must equal input shape ${fmt(a)}`);
  }
}

export function checkFloat(loss: string, t: Tensor, what: string): void {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') throw new TensorError(`${loss}: ${what} must be float32 or float64, got ${t.dtype}`);
}
