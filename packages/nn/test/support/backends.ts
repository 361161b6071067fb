/**
 * Backends for the nn tests: the engine's CPU backend, and one WebGPU backend per test
 * file. With no adapter the WebGPU suites are skipped with a message locally, and
 * fail under CI=true.
 */
import { inject } from 'vitest';
import { type Backend, createWebGPUBackend, resolveDevice } from '@prior/tensor';

declare module 'vitest' {
  interface ProvidedContext {
    ci: boolean;
  }
}

export const cpu: Backend = resolveDevice('cpu');

async function webgpu(): Promise<Backend | null> {
  const r = await createWebGPUBackend();
  if ('backend' in r) return r.backend;
  if (inject('ci')) throw new Error(`CI=true but no WebGPU adapter: ${r.reason}`);
  console.warn(`[tests] WebGPU suites skipped: ${r.reason}`);
  return null;
}

/** The WebGPU backend, or null (then skip). */
export const gpu = await webgpu();

/** [name, backend] rows for describe.each; a null backend means skip. */
export const backends: [string, Backend | null][] = [
  ['cpu', cpu],
  ['webgpu', gpu],
];
