/**
 * Uniform buffers by content. Binding each dispatch's uniforms at a dynamic offset in a
 * shared buffer costs about 35 µs per dispatch on lavapipe, more than the dispatch itself
 * (200 dependent 4-element adds on raw WebGPU: 60 µs each with a dynamic offset, 23 µs
 * with a static binding). A training loop repeats the same uniform words (sizes, strides,
 * offsets) step after step, so each distinct content gets a small buffer of its own,
 * written once and bound statically; bind groups over it are then cached like any other.
 *
 * The least recently used contents past `capacity` are handed to `retire`, which must
 * destroy them only once the GPU has finished the work recorded so far.
 */
import { BufferUsage } from './buffer-pool.js';
import { uniformSlots } from './uniforms.js';

export class UniformCache {
  private readonly buffers = new Map<string, GPUBuffer>();
  /** Uniform buffers created so far (cache misses). */
  created = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly retire: (buffer: GPUBuffer) => void,
    private readonly capacity = 8192,
  ) {}

  /** The buffer holding `words` (padded to whole vec4s), created and written on first use. */
  get(words: Uint32Array): GPUBuffer {
    const key = words.join(',');
    const hit = this.buffers.get(key);
    if (hit) {
      // Least recently used goes first: re-insert on every hit.
      this.buffers.delete(key);
      this.buffers.set(key, hit);
      return hit;
    }
    const buffer = this.device.createBuffer({ size: uniformSlots(words.length) * 16, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST, label: 'uniforms' });
    // A new buffer has no earlier use, so this write cannot overtake one.
    if (words.length > 0) this.device.queue.writeBuffer(buffer, 0, words.buffer, words.byteOffset, words.byteLength);
    this.created++;
    if (this.buffers.size >= this.capacity) {
      const [oldest, old] = this.buffers.entries().next().value as [string, GPUBuffer];
      this.buffers.delete(oldest);
      this.retire(old);
    }
    this.buffers.set(key, buffer);
    return buffer;
  }

  get size(): number {
    return this.buffers.size;
  }

  /** Destroys every buffer (the device is going away). */
  clear(): void {
    for (const b of this.buffers.values()) b.destroy();
    this.buffers.clear();
  }
}
