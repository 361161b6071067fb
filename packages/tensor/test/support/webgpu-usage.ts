/**
 * Marks every test that did WebGPU work (a dispatch, a buffer upload or a read-back)
 * with `meta.webgpu` = the adapter's name, so the reporter can count the WebGPU tests
 * that really ran without relying on how tests are named. The GPU classes' prototypes
 * are wrapped once per realm; a test is attributed the work it issues synchronously,
 * which deferred submission does not blur (dispatches are recorded at the op call).
 */
import { afterEach, beforeEach } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** Set on tests that used a WebGPU device: that device's adapter. */
    webgpu?: string;
  }
}

interface UsageState {
  used: boolean;
  adapter: string;
}

/** The GPU* classes of one realm: the browser's globals or Dawn's `globals`. */
export interface GPUClasses {
  GPUAdapter: { prototype: object };
  GPUComputePassEncoder: { prototype: object };
  GPUQueue: { prototype: object };
  GPUBuffer: { prototype: object };
}

const KEY = Symbol.for('prior.test.webgpuUsage');
const realm = globalThis as typeof globalThis & { [KEY]?: UsageState };

function state(): UsageState {
  // Held on globalThis: test files get fresh module instances, the wrapped prototypes do not.
  return (realm[KEY] ??= { used: false, adapter: 'unknown WebGPU adapter' });
}

export function adapterName(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown WebGPU adapter';
  return info.description || [info.vendor, info.architecture, info.device].filter(Boolean).join(' ') || 'unnamed WebGPU adapter';
}

function wrap(proto: object, method: string, before: (self: unknown) => void): void {
  const p = proto as Record<string | symbol, unknown>;
  const marker = Symbol.for(`prior.test.wrapped.${method}`);
  const original = p[method];
  if (p[marker] || typeof original !== 'function') return;
  p[method] = function (this: unknown, ...args: unknown[]) {
    before(this);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  p[marker] = true;
}

export function trackWebGPU(classes: GPUClasses): void {
  const mark = () => {
    state().used = true;
  };
  wrap(classes.GPUComputePassEncoder.prototype, 'dispatchWorkgroups', mark);
  wrap(classes.GPUQueue.prototype, 'writeBuffer', mark);
  wrap(classes.GPUBuffer.prototype, 'mapAsync', mark);
  wrap(classes.GPUAdapter.prototype, 'requestDevice', (adapter) => {
    state().adapter = adapterName((adapter as GPUAdapter).info);
  });

  beforeEach(() => {
    state().used = false;
  });
  afterEach((ctx) => {
    const s = state();
    if (s.used) ctx.task.meta.webgpu = s.adapter;
  });
}
