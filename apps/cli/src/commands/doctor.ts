/** `prior doctor`: is this machine ready — Node version, WebGPU adapter and limits, the backend chosen. */
import { backendInfo, init, shutdown } from '@prior/tensor';
import { isSoftwareAdapter } from '../framework/backend.js';
import type { CommandSpec } from '../framework/command.js';

const MIN_NODE = [20, 19] as const;

/** Limits that decide what fits: buffer sizes and workgroup shape. */
const KEY_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
];

const INSTALL_HELP = [
  'No WebGPU adapter was found, so the cpu backend (slow, exact) will be used.',
  'To run on a GPU through Vulkan (Dawn, the `webgpu` package):',
  '  - with a GPU: install its Vulkan driver (e.g. Debian/Ubuntu: mesa-vulkan-drivers for AMD/Intel, the NVIDIA driver with Vulkan support).',
  '  - without a GPU, Mesa lavapipe (a CPU Vulkan driver; Mesa 25 from bookworm-backports on Debian 12):',
  '      apt-get install -t bookworm-backports mesa-vulkan-drivers libvulkan1',
  '  - then set XDG_RUNTIME_DIR (e.g. export XDG_RUNTIME_DIR=/tmp) and run `prior doctor` again.',
];

export function nodeVersionOk(version: string): boolean {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
}

export const doctor: CommandSpec = {
  path: ['doctor'],
  summary: 'Check Node, the WebGPU adapter and its limits, and which backend prior will use',
  args: [],
  options: [
    { name: 'json', type: 'boolean', description: 'Print the findings as one JSON object' },
    { name: 'require-gpu', type: 'boolean', description: 'Exit 1 when no WebGPU adapter is available' },
  ],
  async run({ options }, ctx) {
    const nodeOk = nodeVersionOk(process.version);
    let reason: string | undefined;
    const backend = await init({ log: (line) => (reason = line.replace(/^.*WebGPU is unavailable \((.*)\)$/s, '$1')) });
    const info = backendInfo();
    shutdown();
    // What --backend auto picks for training and evaluation (framework/backend.ts).
    const auto = backend === 'webgpu' && isSoftwareAdapter(info) ? 'cpu' : backend;
    const limits = Object.fromEntries(KEY_LIMITS.filter((k) => info.limits?.[k] !== undefined).map((k) => [k, info.limits![k]]));
    const findings = {
      node: { version: process.version, required: `>=${MIN_NODE.join('.')}`, ok: nodeOk },
      platform: `${process.platform} ${process.arch}`,
      xdgRuntimeDir: process.env.XDG_RUNTIME_DIR ?? null,
      backend,
      autoBackend: auto,
      adapter: { name: info.name, vendor: info.vendor ?? null, architecture: info.architecture ?? null, description: info.description ?? null },
      limits,
      features: info.features ?? [],
      ...(reason ? { webgpuUnavailable: reason } : {}),
    };
    if (options.json) ctx.out(JSON.stringify(findings, null, 2));
    else {
      ctx.out(`node      ${process.version} (${nodeOk ? 'ok' : `too old: prior needs Node >=${MIN_NODE.join('.')}`})`);
      ctx.out(`platform  ${findings.platform}`);
      ctx.out(`backend   ${backend}`);
      if (auto !== backend) ctx.out(`auto      ${auto} (the adapter is a software rasteriser, slower than cpu; --backend webgpu uses it)`);
      ctx.out(`adapter   ${[info.name, info.vendor, info.architecture, info.description !== info.name ? info.description : undefined].filter(Boolean).join(' / ')}`);
      if (backend === 'webgpu') {
        for (const [k, v] of Object.entries(limits)) ctx.out(`  ${k.padEnd(36)} ${v}`);
        if (findings.features.length) ctx.out(`features  ${findings.features.join(', ')}`);
      } else {
        if (reason) ctx.out(`webgpu    unavailable: ${reason}`);
        if (!process.env.XDG_RUNTIME_DIR) ctx.out('note      XDG_RUNTIME_DIR is not set (Vulkan loaders may need it)');
        for (const l of INSTALL_HELP) ctx.out(l);
      }
    }
    if (!nodeOk) return 1;
    if (options['require-gpu'] && backend !== 'webgpu') {
      ctx.log('prior doctor: error: --require-gpu: no WebGPU adapter available');
      return 1;
    }
    return 0;
  },
};
