import type { AdapterInfo, Backend } from './backend.js';
import { CpuBackend } from './backends/cpu/index.js';
import { createWebGPUBackend } from './backends/webgpu/index.js';
import { BackendError } from './errors.js';

export type BackendName = 'cpu' | 'webgpu';
/** Where a tensor lives: a backend name or a Backend instance. */
export type Device = BackendName | Backend;

let cpuBackend: Backend | undefined;
let gpuBackend: Backend | undefined;
let gpuFailure: string | undefined;
let current: Backend | undefined;

function cpu(): Backend {
  return (cpuBackend ??= new CpuBackend());
}

async function webgpu(gpu?: GPU): Promise<Backend | undefined> {
  if (gpuBackend || gpuFailure) return gpuBackend;
  const r = await createWebGPUBackend({ gpu });
  if ('backend' in r) gpuBackend = r.backend;
  else gpuFailure = r.reason;
  return gpuBackend;
}

/** The default backend for new tensors: cpu until `init()`/`setBackend()` says otherwise. */
export function currentBackend(): Backend {
  return (current ??= cpu());
}

/** Resolves a per-call device option to a backend. */
export function resolveDevice(device?: Device): Backend {
  if (device === undefined) return currentBackend();
  if (typeof device !== 'string') return device;
  if (device === 'cpu') return cpu();
  if (device === 'webgpu') {
    if (!gpuBackend) throw new BackendError(`device 'webgpu' is not initialised: await init() or setBackend('webgpu') first`);
    return gpuBackend;
  }
  throw new BackendError(`device must be 'cpu' or 'webgpu', got ${String(device)}`);
}

/** Makes `name` the default backend; rejects naming the reason when WebGPU has no adapter. */
export async function setBackend(name: BackendName): Promise<Backend> {
  if (name === 'cpu') return (current = cpu());
  if (name === 'webgpu') {
    const b = await webgpu();
    if (!b) throw new BackendError(`WebGPU is unavailable: ${gpuFailure}`);
    return (current = b);
  }
  throw new BackendError(`setBackend: name must be 'cpu' or 'webgpu', got ${String(name)}`);
}

export interface InitOptions {
  /** 'auto' (default): WebGPU when an adapter exists, else cpu with one log line saying why. */
  backend?: BackendName | 'auto';
  /** Where the fallback line goes (default console.warn); null silences it. */
  log?: ((line: string) => void) | null;
  /** A GPU object to use instead of navigator.gpu or Dawn (e.g. from another WebGPU binding). */
  gpu?: GPU;
}

/** Chooses the default backend. Safe to call more than once. */
export async function init(opts: InitOptions = {}): Promise<BackendName> {
  const want = opts.backend ?? 'auto';
  if (want !== 'auto') return (await setBackend(want)).name;
  const b = await webgpu(opts.gpu);
  if (b) return (current = b).name;
  const log = opts.log === undefined ? (l: string) => console.warn(l) : opts.log;
  log?.(`[@prior/tensor] using the cpu backend: WebGPU is unavailable (${gpuFailure})`);
  return (current = cpu()).name;
}

/** Adapter name, limits and features of the default backend (or a given one). */
export function backendInfo(device?: Device): AdapterInfo {
  return resolveDevice(device).info();
}

/** Waits for all queued GPU work. */
export async function sync(device?: Device): Promise<void> {
  await resolveDevice(device).sync();
}

/** Releases the WebGPU device so the process can exit; the next init() creates a new one. */
export function shutdown(): void {
  gpuBackend?.destroy();
  if (current === gpuBackend) current = undefined;
  gpuBackend = undefined;
  gpuFailure = undefined;
}
