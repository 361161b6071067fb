/**
 * Backends for tests, in Node and in the browser. The CPU backend is always there. The
 * WebGPU backend is created once per test file; when no adapter exists the WebGPU
 * suites are skipped with a message locally, and fail under CI=true (CI must run them
 * on lavapipe in Node and on SwiftShader in Chromium).
 */
import { inject } from 'vitest';
import { CpuBackend } from '../../src/backends/cpu/index.js';
import { createWebGPUBackend } from '../../src/backends/webgpu/index.js';
import type { Backend } from '../../src/backend.js';

export const cpu: Backend = new CpuBackend();

declare module 'vitest' {
  interface ProvidedContext {
    /** CI=true in the environment that started vitest (the browser has no process.env). */
    ci: boolean;
  }
}

let gpuPromise: Promise<Backend | null> | undefined;

export function webgpu(): Promise<Backend | null> {
  gpuPromise ??= (async () => {
    const r = await createWebGPUBackend();
    if ('backend' in r) return r.backend;
    if (inject('ci')) throw new Error(`CI=true but no WebGPU adapter: ${r.reason}`);
    console.warn(`[tests] WebGPU suites skipped: ${r.reason}`);
    return null;
  })();
  return gpuPromise;
}

/** Top-level-await friendly: the WebGPU backend, or null (then use describe.skipIf). */
export const gpu = await webgpu();
