/**
 * What `--backend auto` means in the CLI: a hardware WebGPU adapter when there is one,
 * else the cpu backend. A software adapter (Mesa lavapipe/llvmpipe, SwiftShader) runs
 * WGSL on the CPU through a rasteriser's compute path, and a PRIOR training step there
 * took ~10x longer than on the cpu backend (stage 3 of the tiny preset: 17 s vs 1.7 s);
 * `--backend webgpu` still uses such an adapter when asked.
 */
import { type AdapterInfo, type BackendName, backendInfo, init, setBackend } from '@prior/tensor';
import type { OptionSpec } from './command.js';

export const BACKEND_CHOICES = ['auto', 'webgpu', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export const BACKEND_OPTION: OptionSpec = {
  name: 'backend',
  type: 'string',
  choices: BACKEND_CHOICES,
  default: 'auto',
  description: 'Compute backend (auto: a hardware WebGPU adapter when there is one, else cpu; a software adapter such as lavapipe is slower than cpu)',
};

const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|software/i;

/** Whether an adapter is a CPU rasteriser rather than a GPU. */
export function isSoftwareAdapter(info: AdapterInfo): boolean {
  return info.backend === 'webgpu' && SOFTWARE_ADAPTER.test([info.name, info.vendor, info.architecture, info.description].filter(Boolean).join(' '));
}

/** Selects the backend for `choice` (see the module comment), logging why auto chose cpu. */
export async function initBackend(choice: BackendChoice, log: (line: string) => void): Promise<BackendName> {
  const name = await init({ backend: choice, log });
  if (choice !== 'auto' || name !== 'webgpu') return name;
  const info = backendInfo();
  if (!isSoftwareAdapter(info)) return name;
  log(`using the cpu backend: the WebGPU adapter "${info.name}" is a software rasteriser, slower than cpu here (--backend webgpu uses it anyway)`);
  return (await setBackend('cpu')).name;
}
