/**
 * Which pipelines a GPU test ran: spies on the runtime's dispatch, recording every
 * pipeline key while still dispatching. vi.restoreAllMocks() ends the recording.
 */
import { vi } from 'vitest';
import type { GPURuntime } from '../../src/backends/webgpu/runtime.js';

/** The keys recorded so far (empty it with `keys.length = 0`). */
export function recordDispatchKeys(rt: GPURuntime): string[] {
  const keys: string[] = [];
  const dispatch = rt.dispatch.bind(rt);
  vi.spyOn(rt, 'dispatch').mockImplementation((k) => {
    keys.push(k.key);
    dispatch(k);
  });
  return keys;
}
