/** Errors a user can cause. Each names the op and what was expected. */
export class TensorError extends Error {
  override name = 'TensorError';
}

export class ShapeError extends TensorError {
  override name = 'ShapeError';
}

export class DTypeError extends TensorError {
  override name = 'DTypeError';
}

export class DisposedError extends TensorError {
  override name = 'DisposedError';
}

export class BackendError extends TensorError {
  override name = 'BackendError';
}

export function fmtShape(s: readonly number[]): string {
  return `[${s.join(', ')}]`;
}
