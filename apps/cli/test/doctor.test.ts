import { describe, expect, it } from 'vitest';
import { prior } from './helpers.js';

describe('prior doctor', () => {
  it('reports Node, the backend and the adapter', async () => {
    const r = await prior(['doctor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^node +v\d+\.\d+\.\d+ \(ok\)/m);
    expect(r.stdout).toMatch(/^backend +(webgpu|cpu)$/m);
    // Either the adapter's limits, or what to install to get one.
    expect(r.stdout).toMatch(/maxStorageBufferBindingSize|mesa-vulkan-drivers/);
  });

  it('--json gives the same findings as data', async () => {
    const r = await prior(['doctor', '--json']);
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(f.node.ok).toBe(true);
    expect(['webgpu', 'cpu']).toContain(f.backend);
    expect(f.autoBackend).toBe(/llvmpipe|lavapipe|swiftshader/i.test(f.adapter.name) ? 'cpu' : f.backend);
    if (f.backend === 'webgpu') expect(f.limits.maxBufferSize).toBeGreaterThan(0);
    else expect(f.webgpuUnavailable).toBeTypeOf('string');
  });

  it('without an adapter, --require-gpu fails and says what to install', async () => {
    // An empty Vulkan ICD list hides every driver from Dawn.
    const r = await prior(['doctor', '--require-gpu'], { env: { VK_ICD_FILENAMES: '/nonexistent.json', VK_DRIVER_FILES: '/nonexistent.json' } });
    if (r.stdout.includes('backend   webgpu')) return; // a driver not found through the loader's list (e.g. a browser's)
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('mesa-vulkan-drivers');
    expect(r.stderr).toContain('--require-gpu');
  });
});
