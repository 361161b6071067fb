/**
 * Zeroed atomic counters, one per dispatch that asks for one (`Dispatch.counter`), so a
 * kernel's workgroups can take tiles from a shared counter instead of owning fixed ones.
 *
 * Why: lavapipe hands each of its threads a fixed, equal share of a dispatch's
 * workgroups, so when one core runs slower (the Node thread, another tenant) the other
 * sits idle at the end: in a CPU profile of 1024³ texture GEMMs on 2 cores, only one
 * worker thread was busy in 23% of the milliseconds. With a counter, whichever
 * workgroups run keep taking tiles until none are left.
 *
 * Each counter is a slot of one buffer, at the storage-offset alignment; the runtime
 * clears the buffer before the first slot of each submission, and a submission holds at
 * most one slot per dispatch, so a slot is never reused within one.
 */
import { BufferUsage } from './buffer-pool.js';

/** WebGPU's default minStorageBufferOffsetAlignment, which every adapter accepts. */
const ALIGN = 256;

export class WorkCounters {
  readonly buffer: GPUBuffer;
  used = 0;

  /** `slots`: the most dispatches one submission records. */
  constructor(
    device: GPUDevice,
    private readonly slots: number,
  ) {
    // clearBuffer needs COPY_DST.
    this.buffer = device.createBuffer({ size: slots * ALIGN, usage: BufferUsage.STORAGE | BufferUsage.COPY_DST, label: 'work counters' });
  }

  /** The next unused slot, bound as 4 bytes. */
  take(): { buffer: GPUBuffer; write: true; range: { offset: number; size: number } } {
    if (this.used === this.slots) throw new Error('WorkCounters: more slots taken than a submission has dispatches');
    return { buffer: this.buffer, write: true, range: { offset: this.used++ * ALIGN, size: 4 } };
  }

  /** A new submission clears the buffer again before its first slot. */
  reset(): void {
    this.used = 0;
  }
}
