/**
 * Scratch rgba32float 2d-array textures for the texture-operand GEMM, pooled by exact
 * size per runtime. A released texture goes back to the pool at once: only GPU commands
 * ever write these textures (a copy or a pack dispatch), and a queue runs its commands
 * in order, so the next GEMM's writes land after this one's reads. Waiting for completion
 * instead made every GEMM of a training step (one sync per step) create fresh textures,
 * and their views and bind groups: 40% of a tiny-preset pre-training step on lavapipe.
 * Reuse also spares Dawn's lazy zero-fill of a fresh texture.
 */
import type { GPURuntime } from '../runtime.js';

/** Copy destination: the GEMM copies plain row-major operands straight in (gemm-texture-copy.ts). */
const COPY_DST = 0x02;
const TEXTURE_BINDING = 0x04;
const STORAGE_BINDING = 0x08;
/** Pooled bytes above this are destroyed rather than kept. */
const MAX_POOLED_BYTES = 256 << 20;

class TexturePool {
  private readonly free = new Map<string, GPUTexture[]>();
  private pooled = 0;

  constructor(private readonly rt: GPURuntime) {}

  acquire(width: number, height: number, layers: number): GPUTexture {
    const t = this.free.get(`${width}x${height}x${layers}`)?.pop();
    if (t) {
      this.pooled -= bytesOf(t);
      return t;
    }
    return this.rt.device.createTexture({
      size: [width, height, layers],
      format: 'rgba32float',
      usage: COPY_DST | TEXTURE_BINDING | STORAGE_BINDING,
      label: 'gemm operand',
    });
  }

  /** Call after recording the last command that uses `t`. */
  release(t: GPUTexture): void {
    if (this.rt.isLost) return;
    // Destroying one the open encoder still uses would invalidate its submit: wait for the GPU.
    if (this.pooled + bytesOf(t) > MAX_POOLED_BYTES) return this.rt.afterCompletion(() => t.destroy());
    const key = `${t.width}x${t.height}x${t.depthOrArrayLayers}`;
    let list = this.free.get(key);
    if (!list) this.free.set(key, (list = []));
    list.push(t);
    this.pooled += bytesOf(t);
  }
}

function bytesOf(t: GPUTexture): number {
  return t.width * t.height * t.depthOrArrayLayers * 16;
}

const pools = new WeakMap<GPURuntime, TexturePool>();

export function texturePool(rt: GPURuntime): TexturePool {
  let p = pools.get(rt);
  if (!p) pools.set(rt, (p = new TexturePool(rt)));
  return p;
}
