/**
 * Adapter and device acquisition. A browser uses navigator.gpu; Node loads Dawn (the
 * `webgpu` package) lazily. Failure is a value naming why, never a throw, so callers
 * can fall back to the CPU backend.
 */
import { paceDawnTicks } from './dawn-ticks.js';
import { nodeGPU } from './node-gpu.js';
import { WebGPUBackend } from './webgpu-backend.js';

export interface CreateWebGPUOptions {
  gpu?: GPU;
  powerPreference?: GPUPowerPreference;
}

/** Limits raised to the adapter's maximum (the defaults are far below what kernels need). */
const WANTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxStorageBuffersPerShaderStage',
] as const;

async function findGPU(opts: CreateWebGPUOptions): Promise<GPU | string> {
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  // Dawn for Node, however it was loaded, busy-waits unless its ticks are paced (dawn-ticks.ts).
  if (isNode) paceDawnTicks();
  if (opts.gpu) return opts.gpu;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  if (!isNode) return 'navigator.gpu is not available (WebGPU is disabled or unsupported in this browser)';
  try {
    return await nodeGPU();
  } catch (e) {
    return `the 'webgpu' package (Dawn for Node) could not be loaded: ${(e as Error).message}`;
  }
}

export async function createWebGPUBackend(opts: CreateWebGPUOptions = {}): Promise<{ backend: WebGPUBackend } | { reason: string }> {
  const gpu = await findGPU(opts);
  if (typeof gpu === 'string') return { reason: gpu };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: opts.powerPreference });
  } catch (e) {
    return { reason: `requestAdapter failed: ${(e as Error).message}` };
  }
  if (!adapter) return { reason: 'requestAdapter returned null (no WebGPU adapter; on Linux without a GPU install Mesa lavapipe)' };
  const requiredLimits: Record<string, number> = {};
  for (const k of WANTED_LIMITS) {
    const v = (adapter.limits as unknown as Record<string, number>)[k];
    if (typeof v === 'number') requiredLimits[k] = v;
  }
  try {
    // Timestamps only serve the opt-in profiler (runtime.startProfile); asking costs nothing.
    // Subgroups let the texture GEMM share operand fetches across lanes (gemm-texture.ts).
    const requiredFeatures = (['timestamp-query', 'subgroups'] as GPUFeatureName[]).filter((f) => adapter.features.has(f));
    const device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
    return { backend: new WebGPUBackend(adapter, device, new Set(gpu.wgslLanguageFeatures ?? [])) };
  } catch (e) {
    return { reason: `requestDevice failed: ${(e as Error).message}` };
  }
}
