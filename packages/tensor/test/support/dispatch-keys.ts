/**
 * Which pipelines a GPU test ran: spies on the runtime's dispatch, recording every
 * pipeline key while still dispatching. vi.restoreAllMocks() ends the recording.
 */
import { afterAll, beforeAll, vi } from 'vitest';
import type { GPURuntime } from '../../src/backends/webgpu/runtime.js';
import { forceMatmulVariant } from '../../src/backends/webgpu/tuning/matmul-variant.js';

/** Records into `keys` (empty it with `keys.length = 0`) and returns it. */
export function recordDispatchKeys(rt: GPURuntime, keys: string[] = []): string[] {
  const dispatch = rt.dispatch.bind(rt);
  vi.spyOn(rt, 'dispatch').mockImplementation((k) => {
    keys.push(k.key);
    dispatch(k);
  });
  return keys;
}

/**
 * For the tests of one describe block: the texture GEMM variant forced and every
 * pipeline key recorded into the returned array; both undone after the block.
 */
export function textureVariantKeys(rt: () => GPURuntime): string[] {
  const keys: string[] = [];
  beforeAll(() => {
    forceMatmulVariant('texture');
    recordDispatchKeys(rt(), keys);
  });
  afterAll(() => {
    forceMatmulVariant(null);
    vi.restoreAllMocks();
  });
  return keys;
}
