/**
 * Per-pipeline GPU time, for finding where a workload's time goes. While profiling,
 * the runtime gives every dispatch its own compute pass with timestamp writes at its
 * start and end; each submission resolves its queries into a buffer that is read back
 * once the submission completes. One pass per dispatch adds a little overhead, so the
 * figures are for attribution (which kernels dominate), not for absolute speed.
 *
 * Needs the adapter's 'timestamp-query' feature (requested by createWebGPUBackend when
 * the adapter offers it). Dawn may quantise timestamps; sums over many dispatches
 * still rank the kernels.
 */
import { BackendError } from '../../errors.js';
import { BufferUsage, MapMode } from './buffer-pool.js';

/** Totals of one pipeline key. */
export interface ProfileEntry {
  key: string;
  dispatches: number;
  /** Sum of end − start timestamps of its passes. */
  gpuMs: number;
  /** Host time spent inside `dispatch()` for it (uniforms, bind group, recording). */
  recordMs: number;
}

const QUERY_RESOLVE = 0x200; // GPUBufferUsage.QUERY_RESOLVE

export class DispatchProfiler {
  private readonly totals = new Map<string, ProfileEntry>();
  private querySet: GPUQuerySet | null = null;
  private keys: string[] = [];
  private readonly pending: Promise<void>[] = [];

  constructor(
    private readonly device: GPUDevice,
    private readonly capacity: number,
  ) {
    if (!device.features.has('timestamp-query')) {
      throw new BackendError("webgpu profiling: this device lacks the 'timestamp-query' feature");
    }
  }

  private entry(key: string): ProfileEntry {
    let e = this.totals.get(key);
    if (!e) this.totals.set(key, (e = { key, dispatches: 0, gpuMs: 0, recordMs: 0 }));
    return e;
  }

  /** Pass descriptor for the next dispatch of `key`; null when the submission is full. */
  passFor(key: string): GPUComputePassDescriptor | null {
    if (this.keys.length >= this.capacity) return null;
    this.querySet ??= this.device.createQuerySet({ type: 'timestamp', count: 2 * this.capacity });
    const i = this.keys.length;
    this.keys.push(key);
    return { timestampWrites: { querySet: this.querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } };
  }

  addRecordTime(key: string, ms: number): void {
    this.entry(key).recordMs += ms;
  }

  /** Records the query resolve into `encoder` before it is finished; `afterSubmit` starts the read. */
  resolve(encoder: GPUCommandEncoder): (() => void) | null {
    if (!this.querySet || this.keys.length === 0) return null;
    const n = this.keys.length;
    const bytes = 16 * n;
    const resolved = this.device.createBuffer({ size: bytes, usage: QUERY_RESOLVE | BufferUsage.COPY_SRC });
    const staging = this.device.createBuffer({ size: bytes, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    encoder.resolveQuerySet(this.querySet, 0, 2 * n, resolved, 0);
    encoder.copyBufferToBuffer(resolved, 0, staging, 0, bytes);
    const keys = this.keys;
    const qs = this.querySet;
    this.keys = [];
    this.querySet = null;
    return () => {
      this.pending.push(
        staging.mapAsync(MapMode.READ).then(() => {
          const t = new BigInt64Array(staging.getMappedRange());
          keys.forEach((k, i) => {
            const e = this.entry(k);
            e.dispatches++;
            const d = Number(t[2 * i + 1] - t[2 * i]);
            if (d > 0) e.gpuMs += d / 1e6;
          });
          staging.unmap();
          for (const b of [staging, resolved]) b.destroy();
          qs.destroy();
        }),
      );
    };
  }

  /** Totals once every resolved submission has been read, slowest first. */
  async results(): Promise<ProfileEntry[]> {
    await Promise.all(this.pending.splice(0));
    return [...this.totals.values()].sort((a, b) => b.gpuMs - a.gpuMs);
  }
}
