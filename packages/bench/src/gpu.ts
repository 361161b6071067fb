/**
 * One Dawn GPU object for the whole run: the adapter ceiling, this project's WebGPU
 * backend and tfjs-backend-webgpu all get their devices from it.
 */
import { paceDawnTicks } from '@prior/tensor';
import { create, globals } from 'webgpu';

let gpu: GPU | undefined;

/**
 * Dawn's ticks are paced (see paceDawnTicks in @prior/tensor) before anything is measured,
 * so the ceilings and every WebGPU peer wait for the GPU the same way.
 */
export function dawnGPU(): GPU {
  if (!gpu) paceDawnTicks();
  gpu ??= create([]);
  return gpu;
}

/**
 * tfjs-backend-webgpu registers itself at import time only if `navigator.gpu` exists,
 * and uses the GPUBufferUsage/GPUMapMode/... constants as globals: install both.
 */
export function installWebGPUGlobals(): void {
  const g = globalThis as { navigator?: { gpu?: GPU } };
  Object.assign(g, globals);
  if (g.navigator?.gpu) return;
  // Node 20 has no navigator; Node 21+ has one whose gpu we add.
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: dawnGPU(), configurable: true });
  else Object.defineProperty(g, 'navigator', { value: { gpu: dawnGPU() }, configurable: true, writable: true });
}
