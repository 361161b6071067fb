/**
 * A size-class pool of GPU buffers of one usage. Classes are 4 per power of two
 * (1, 1.25, 1.5, 1.75 × 2^k bytes), so a pooled buffer wastes at most 25%; sizes up
 * to 256 bytes are rounded to a multiple of 16.
 *
 * The pool itself knows nothing about the GPU timeline: the runtime returns a buffer
 * with `put` only once the submission that last used it has completed.
 */

export const BufferUsage = { MAP_READ: 1, COPY_SRC: 4, COPY_DST: 8, UNIFORM: 64, STORAGE: 128 } as const;
export const MapMode = { READ: 1 } as const;

/** The byte size actually allocated for a request of `bytes`. */
export function sizeClass(bytes: number): number {
  const b = Math.max(16, Math.ceil(bytes / 4) * 4);
  if (b <= 256) return Math.ceil(b / 16) * 16;
  const step = 2 ** (Math.floor(Math.log2(b)) - 2); // quarter of the power of two below
  return Math.ceil(b / step) * step;
}

export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private pooledBytes = 0;
  /** Bytes of buffers this pool created and has not destroyed (in use or pooled), and high-water marks. */
  private allocated = 0;
  private peakAllocated = 0;
  private peakPooled = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: number,
    private readonly label: string,
    /** Pooled bytes above this are destroyed instead of kept. */
    private readonly maxPooledBytes = 1 << 30,
  ) {}

  acquire(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    const b = list?.pop();
    if (b) {
      this.pooledBytes -= size;
      return b;
    }
    this.allocated += size;
    this.peakAllocated = Math.max(this.peakAllocated, this.allocated);
    return this.device.createBuffer({ size, usage: this.usage, label: this.label });
  }

  /** Returns a buffer whose last use has completed. */
  put(b: GPUBuffer): void {
    if (this.pooledBytes + b.size > this.maxPooledBytes) {
      this.allocated -= b.size;
      b.destroy();
      return;
    }
    let list = this.free.get(b.size);
    if (!list) this.free.set(b.size, (list = []));
    list.push(b);
    this.pooledBytes += b.size;
    this.peakPooled = Math.max(this.peakPooled, this.pooledBytes);
  }

  get bytesPooled(): number {
    return this.pooledBytes;
  }

  /** Read-only counters for benchmarks and diagnostics. */
  stats(): { pooledBytes: number; peakPooledBytes: number; allocatedBytes: number; peakAllocatedBytes: number } {
    return { pooledBytes: this.pooledBytes, peakPooledBytes: this.peakPooled, allocatedBytes: this.allocated, peakAllocatedBytes: this.peakAllocated };
  }

  /** Destroys every pooled buffer. */
  clear(): void {
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
    this.allocated -= this.pooledBytes;
    this.pooledBytes = 0;
  }
}
