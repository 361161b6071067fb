import { afterEach, describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';
import { gpu } from '../support/backends.js';

afterEach(() => T.shutdown());

describe('backend choice', () => {
  it('init() falls back to cpu with one line naming why when there is no adapter', async () => {
    const lines: string[] = [];
    const fakeGPU = { requestAdapter: async () => null } as unknown as GPU;
    expect(await T.init({ gpu: fakeGPU, log: (l) => lines.push(l) })).toBe('cpu');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cpu backend: WebGPU is unavailable \(requestAdapter returned null/);
    expect(T.currentBackend().name).toBe('cpu');
    await expect(T.setBackend('webgpu')).rejects.toThrow(/WebGPU is unavailable/);
    expect(() => T.zeros([2], { device: 'webgpu' })).toThrow(/not initialised/);
  });

  it.skipIf(!gpu)('init() picks webgpu when an adapter exists; backendInfo names it', async () => {
    expect(await T.init()).toBe('webgpu');
    const info = T.backendInfo();
    expect(info.backend).toBe('webgpu');
    expect(info.name.length).toBeGreaterThan(0);
    expect(info.limits?.maxStorageBufferBindingSize).toBeGreaterThan(0);
    const t = T.add(T.tensor([1, 2]), 1);
    expect(t.device).toBe('webgpu');
    expect(Array.from(await t.data())).toEqual([2, 3]);
    const c = await t.to('cpu');
    expect(c.device).toBe('cpu');
    expect(() => T.add(t, c)).toThrow(/different backends \(webgpu and cpu\)/);
    expect(() => T.zeros([2], { dtype: 'float64' })).toThrow(/float64 is CPU-only/);
  });

  it('setBackend rejects unknown names', async () => {
    await expect(T.setBackend('tpu' as never)).rejects.toThrow(/'cpu' or 'webgpu'/);
  });
});
