import type { View } from '../../../backend.js';
import { DTypeError } from '../../../errors.js';

/** Convolution, pooling and resampling kernels run on float32 only. */
export function assertFloat32(op: string, ...views: View[]): void {
  for (const v of views) {
    if (v.dtype !== 'float32') throw new DTypeError(`${op}: the webgpu backend supports float32 here, got ${v.dtype}`);
  }
}
