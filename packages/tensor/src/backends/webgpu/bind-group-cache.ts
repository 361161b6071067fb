/**
 * Bind groups cached by the identity of what they bind. Creating one costs tens of
 * microseconds on Dawn, more than recording the dispatch itself; a bind group depends
 * only on the layout, the uniform buffer (one per distinct content, uniform-cache.ts)
 * and the storage buffers and textures, which the pools hand out again and again in a
 * training loop.
 *
 * A destroyed buffer is never handed out again, so its ids never recur and the entries
 * naming it simply age out of the LRU.
 */
import type { DispatchBuffer, DispatchTexture } from './runtime.js';

const CAPACITY = 4096;

export class BindGroupCache {
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private readonly groups = new Map<string, GPUBindGroup>();
  private readonly views = new WeakMap<GPUTexture, GPUTextureView>();
  /** Bind groups created so far (cache misses). */
  created = 0;

  constructor(private readonly device: GPUDevice) {}

  private id(o: object): number {
    let i = this.ids.get(o);
    if (i === undefined) this.ids.set(o, (i = this.nextId++));
    return i;
  }

  private viewOf(t: GPUTexture): GPUTextureView {
    let v = this.views.get(t);
    if (!v) this.views.set(t, (v = t.createView({ dimension: '2d-array' })));
    return v;
  }

  get(layout: GPUBindGroupLayout, uniforms: GPUBuffer, buffers: readonly DispatchBuffer[], textures: readonly DispatchTexture[]): GPUBindGroup {
    let key = `${this.id(layout)}:${this.id(uniforms)}`;
    for (const b of buffers) key += `,${this.id(b.buffer)}${b.range ? `@${b.range.offset}` : ''}`;
    for (const t of textures) key += `;${this.id(t.texture)}`;
    const hit = this.groups.get(key);
    if (hit) {
      // Least recently used goes first: re-insert on every hit.
      this.groups.delete(key);
      this.groups.set(key, hit);
      return hit;
    }
    const group = this.device.createBindGroup({
      layout,
      entries: [
        // The uniform buffer holds exactly one dispatch's words (uniform-cache.ts): bind all of it.
        { binding: 0, resource: { buffer: uniforms } },
        ...buffers.map((b, i) => ({ binding: i + 1, resource: { buffer: b.buffer, ...b.range } })),
        ...textures.map((t, i) => ({ binding: buffers.length + i + 1, resource: this.viewOf(t.texture) })),
      ],
    });
    this.created++;
    if (this.groups.size >= CAPACITY) this.groups.delete(this.groups.keys().next().value as string);
    this.groups.set(key, group);
    return group;
  }

  clear(): void {
    this.groups.clear();
  }
}
