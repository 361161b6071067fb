/**
 * GPURuntime: one per device. Dispatch contract for kernel authors:
 *  - rt.dispatch({ key, code, uniforms, uniformTypes?, buffers, workgroups }).
 *  - `key` names the pipeline: op, dtypes, rank, tile — never concrete sizes; `code()`
 *    is called once per key and returns the whole WGSL module (entry point `main`).
 *  - Binding 0 is the uniform `params: array<vec4<u32>, N>` (declare it with
 *    `uniformDecl(nWords)`, read word w with `uword(w, type)`; pack with UniformBuilder
 *    or pass numbers + uniformTypes, default i32). Bindings 1..n are `buffers` in order:
 *    `var<storage, read_write>` when `write`, else `var<storage, read>`. Bind every one.
 *  - workgroups ≤ 65535 per dimension: use gridFor(n) + flatWorkgroupIndex (grid.ts).
 *  - Outputs: rt.alloc(dtype, size) → GPUStorage; temporaries go back with rt.free().
 *  - Views: rt.storageOf(view).buffer; rt.contiguous(view) for a packed copy.
 *  - Optional `counter: true` binds, right after the buffers, a `var<storage, read_write>
 *    atomic<u32>` that is 0 when the dispatch starts (work-counter.ts, kernels/work-tiles.ts).
 *  - Optional `textures` (rgba32float, 2d-array views) bind after those: sampled
 *    (`texture_2d_array<f32>`), with `storage` read-only storage
 *    (`texture_storage_2d_array<rgba32float, read>`, kernels/texture-read.ts), or with
 *    `write` `texture_storage_2d_array<rgba32float, write>`.
 *    rt.afterCompletion(fn) runs fn once the work recorded so far has finished.
 * Work is recorded into one open encoder and submitted on read/flush/every 64 dispatches.
 * Uniforms live in one small buffer per distinct content (uniform-cache.ts), bound
 * statically, so bind groups over them are cached: creating one costs ~35-50 µs on Dawn.
 */
import type { Backend, View } from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';
import { BackendError } from '../../errors.js';
import { isContiguous, sizeOf } from '../../shape.js';
import { BindGroupCache } from './bind-group-cache.js';
import { BufferPool, BufferUsage, MapMode, sizeClass } from './buffer-pool.js';
import { copyStrided } from './kernels/copy.js';
import { DispatchProfiler, type ProfileEntry } from './profiler.js';
import { GPUStorage, assertGPUDType, fromGPUWords, storageOf } from './storage.js';
import { UniformCache } from './uniform-cache.js';
import { WorkCounters } from './work-counter.js';
import { packUniforms, type UniformType } from './uniforms.js';

export { gridFor, flatWorkgroupIndex, WORKGROUP_BUILTINS } from './grid.js';

export interface DispatchBuffer {
  buffer: GPUBuffer;
  write?: boolean;
  /** Bind only `size` bytes from byte `offset` (default: the whole buffer). */
  range?: { offset: number; size: number };
}

export interface DispatchTexture {
  texture: GPUTexture;
  write?: boolean;
  /** Read as a read-only storage texture instead of a sampled one. */
  storage?: boolean;
}

export interface Dispatch {
  key: string;
  code: () => string;
  uniforms: ArrayLike<number> | Uint32Array;
  /** Types of `uniforms` when it is not a Uint32Array of packed words (default i32). */
  uniformTypes?: UniformType | readonly UniformType[];
  buffers: readonly DispatchBuffer[];
  /**
   * Binds, right after the buffers, an `atomic<u32>` that reads 0 when the dispatch
   * starts (work-counter.ts), so its workgroups can take work from a shared counter.
   */
  counter?: boolean;
  /** Bindings after the buffers (and the counter). */
  textures?: readonly DispatchTexture[];
  workgroups: readonly [number, number, number];
}

/** Dispatches per submission before an automatic submit. */
export const DISPATCHES_PER_SUBMIT = 64;

export class GPURuntime {
  private readonly storagePool: BufferPool;
  private readonly uniforms: UniformCache;
  private readonly stagingPool: BufferPool;
  /** Per pipeline key, the pipeline and its bind-group layout (a key fixes the bindings). */
  private readonly pipelines = new Map<string, { pipeline: GPUComputePipeline; bgl: GPUBindGroupLayout }>();
  private readonly layouts = new Map<string, { bgl: GPUBindGroupLayout; pl: GPUPipelineLayout }>();
  private readonly bindGroups: BindGroupCache;
  /** The pipeline last set on the open pass (setPipeline is skipped when unchanged). */
  private passPipeline: GPUComputePipeline | null = null;

  private readonly counters: WorkCounters;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private dispatched = 0;

  /** Serial of the open (not yet submitted) submission; completed ones are ≤ `completed`. */
  private serial = 1;
  private completed = 0;
  private readonly lastUse = new WeakMap<GPUBuffer, number>();
  private readonly waiting = new Map<number, { pool: BufferPool; buffer: GPUBuffer }[]>();
  /**
   * Storage buffers freed while the open encoder still uses them, by size class. Later
   * commands of that encoder may write them at once: a queue runs its commands in order
   * and Dawn puts a barrier between dispatches that touch the same buffer. Host writes
   * may not (queue.writeBuffer would land before the open encoder runs), so upload()
   * never takes one; submit() hands them to the completion-gated path.
   */
  private readonly openFreed = new Map<number, GPUBuffer[]>();
  private readonly callbacks = new Map<number, (() => void)[]>();

  private liveBytes = 0;
  private lostReason: string | null = null;
  private readonly lostSignal: Promise<never>;
  private readonly errors: string[] = [];
  /** Counters for tests and diagnostics. */
  readonly stats = { submits: 0, dispatches: 0, pipelines: 0, bindGroups: 0, reads: 0 };
  private profiler: DispatchProfiler | null = null;

  constructor(
    readonly device: GPUDevice,
    readonly owner: Backend,
    /** The WGSL language features of the GPU object the device came from. */
    readonly wgslFeatures: ReadonlySet<string> = new Set(),
  ) {
    this.bindGroups = new BindGroupCache(device);
    this.counters = new WorkCounters(device, DISPATCHES_PER_SUBMIT);
    this.storagePool = new BufferPool(device, BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST, 'storage');
    this.uniforms = new UniformCache(device, (b) => this.afterCompletion(() => b.destroy()));
    this.stagingPool = new BufferPool(device, BufferUsage.MAP_READ | BufferUsage.COPY_DST, 'staging', 64 << 20);
    this.lostSignal = new Promise<never>((_, reject) => {
      void device.lost.then((info) => {
        this.lostReason ??= `device lost (${info.reason}): ${info.message || 'no message'}`;
        reject(this.lostError());
      });
    });
    this.lostSignal.catch(() => {}); // observed by reads; never an unhandled rejection
    device.onuncapturederror = (ev: GPUUncapturedErrorEvent) => {
      this.errors.push(ev.error.message);
    };
  }

  // ---------------------------------------------------------------- state

  get isLost(): boolean {
    return this.lostReason !== null;
  }

  private lostError(): BackendError {
    return new BackendError(`webgpu: ${this.lostReason}`);
  }

  /** Throws if the device is gone; every entry point calls this first. */
  checkAlive(): void {
    if (this.lostReason !== null) throw this.lostError();
  }

  private throwRecordedErrors(): void {
    if (this.errors.length === 0) return;
    const msgs = this.errors.splice(0);
    throw new BackendError(`webgpu: ${msgs.length} GPU error(s) since the last read: ${msgs.join(' | ')}`);
  }

  bytesInUse(): number {
    return this.liveBytes;
  }

  // ---------------------------------------------------------------- storages

  /**
   * A storage of `size` elements. Its buffer may be one the open encoder still reads
   * (see openFreed) unless `hostWrite`: the caller fills it with queue.writeBuffer.
   */
  alloc(dtype: DType, size: number, hostWrite = false): GPUStorage {
    this.checkAlive();
    assertGPUDType(dtype, 'webgpu alloc');
    const bytes = size * 4;
    const max = Math.min(this.device.limits.maxStorageBufferBindingSize, this.device.limits.maxBufferSize);
    if (bytes > max) {
      throw new BackendError(`webgpu: a tensor of ${size} elements (${bytes} bytes) exceeds this adapter's buffer limit of ${max} bytes`);
    }
    const s = new GPUStorage(this.owner, dtype, size, (!hostWrite && this.openFreed.get(sizeClass(bytes))?.pop()) || this.storagePool.acquire(bytes));
    this.liveBytes += s.byteLength;
    return s;
  }

  free(s: GPUStorage): void {
    if (s.freed) return;
    s.freed = true;
    this.liveBytes -= s.byteLength;
    if (this.lostReason !== null) return;
    if (this.encoder && (this.lastUse.get(s.buffer) ?? 0) >= this.serial) {
      let list = this.openFreed.get(s.buffer.size);
      if (!list) this.openFreed.set(s.buffer.size, (list = []));
      list.push(s.buffer);
    } else {
      this.release(this.storagePool, s.buffer);
    }
  }

  storageOf(view: View): GPUStorage {
    return storageOf(view, this.owner);
  }

  /** Uploads words into a fresh storage (queue.writeBuffer is ordered before later submits). */
  upload(words: Float32Array | Int32Array, dtype: DType): GPUStorage {
    const s = this.alloc(dtype, words.length, true);
    if (words.length > 0) this.device.queue.writeBuffer(s.buffer, 0, words.buffer, words.byteOffset, words.byteLength);
    return s;
  }

  /** A fresh contiguous storage with the view's elements in row-major order. */
  contiguous(view: View): GPUStorage {
    const out = this.alloc(view.dtype, sizeOf(view.shape));
    copyStrided(this, view, { buffer: out.buffer, shape: view.shape, strides: null, offset: 0 });
    return out;
  }

  /** Frees `buffer` once the submission that last used it has completed. */
  private release(pool: BufferPool, buffer: GPUBuffer): void {
    const s = this.lastUse.get(buffer) ?? 0;
    if (s <= this.completed) {
      pool.put(buffer);
      return;
    }
    let list = this.waiting.get(s);
    if (!list) this.waiting.set(s, (list = []));
    list.push({ pool, buffer });
  }

  private onCompleted(s: number): void {
    this.completed = Math.max(this.completed, s);
    if (this.lostReason !== null) return;
    for (const [k, list] of this.waiting) {
      if (k > this.completed) continue;
      for (const { pool, buffer } of list) pool.put(buffer);
      this.waiting.delete(k);
    }
    for (const [k, list] of this.callbacks) {
      if (k > this.completed) continue;
      this.callbacks.delete(k);
      for (const fn of list) fn();
    }
  }

  /** Runs `fn` once everything recorded so far (submitted or not) has completed. */
  afterCompletion(fn: () => void): void {
    const s = this.encoder ? this.serial : this.serial - 1;
    if (s <= this.completed) return fn();
    let list = this.callbacks.get(s);
    if (!list) this.callbacks.set(s, (list = []));
    list.push(fn);
  }

  // ---------------------------------------------------------------- recording

  private openEncoder(): GPUCommandEncoder {
    this.encoder ??= this.device.createCommandEncoder();
    return this.encoder;
  }

  /** The open pass; a descriptor (profiling) always begins a new one. */
  private openPass(descriptor?: GPUComputePassDescriptor): GPUComputePassEncoder {
    if (descriptor) this.endPass();
    this.pass ??= this.openEncoder().beginComputePass(descriptor);
    return this.pass;
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
    this.passPipeline = null;
  }

  private layoutFor(buffers: readonly DispatchBuffer[], textures: readonly DispatchTexture[]): { bgl: GPUBindGroupLayout; pl: GPUPipelineLayout } {
    const sig = buffers.map((b) => (b.write ? 'w' : 'r')).join('') + textures.map((t) => (t.write ? 'W' : t.storage ? 'S' : 'T')).join('');
    let l = this.layouts.get(sig);
    if (!l) {
      const entries: GPUBindGroupLayoutEntry[] = [
        { binding: 0, visibility: GPUShaderStageCompute, buffer: { type: 'uniform' } },
        ...buffers.map((b, i) => ({
          binding: i + 1,
          visibility: GPUShaderStageCompute,
          buffer: { type: b.write ? ('storage' as const) : ('read-only-storage' as const) },
        })),
        ...textures.map((t, i) => ({
          binding: buffers.length + i + 1,
          visibility: GPUShaderStageCompute,
          ...(t.write || t.storage
            ? { storageTexture: { access: t.write ? ('write-only' as const) : ('read-only' as const), format: 'rgba32float' as const, viewDimension: '2d-array' as const } }
            : { texture: { sampleType: 'unfilterable-float' as const, viewDimension: '2d-array' as const } }),
        })),
      ];
      const bgl = this.device.createBindGroupLayout({ entries, label: `layout ${sig}` });
      l = { bgl, pl: this.device.createPipelineLayout({ bindGroupLayouts: [bgl] }) };
      this.layouts.set(sig, l);
    }
    return l;
  }

  private pipelineFor(k: Dispatch, buffers: readonly DispatchBuffer[], textures: readonly DispatchTexture[]): { pipeline: GPUComputePipeline; bgl: GPUBindGroupLayout } {
    let p = this.pipelines.get(k.key);
    if (!p) {
      const { bgl, pl } = this.layoutFor(buffers, textures);
      this.device.pushErrorScope('validation');
      const module = this.device.createShaderModule({ code: k.code(), label: k.key });
      const pipeline = this.device.createComputePipeline({ layout: pl, compute: { module, entryPoint: 'main' }, label: k.key });
      void this.device.popErrorScope().then((e) => {
        if (e) this.errors.push(`pipeline '${k.key}': ${e.message}`);
      });
      this.pipelines.set(k.key, (p = { pipeline, bgl }));
      this.stats.pipelines++;
    }
    return p;
  }

  dispatch(k: Dispatch): void {
    this.checkAlive();
    if (this.profiler) this.profiledDispatch(k, this.profiler);
    else this.record(k);
  }

  /** Records one dispatch; with a descriptor (profiling), in a pass of its own. */
  private record(k: Dispatch, passDescriptor?: GPUComputePassDescriptor): void {
    const words = k.uniforms instanceof Uint32Array ? k.uniforms : packUniforms(k.uniforms, k.uniformTypes);
    const [x, y, z] = k.workgroups;
    if (x === 0 || y === 0 || z === 0) return;
    const uniforms = this.uniforms.get(words);
    const textures = k.textures ?? [];
    const buffers = k.counter ? [...k.buffers, this.counterSlot()] : k.buffers;
    const { pipeline, bgl } = this.pipelineFor(k, buffers, textures);
    const before = this.bindGroups.created;
    const bindGroup = this.bindGroups.get(bgl, uniforms, buffers, textures);
    this.stats.bindGroups += this.bindGroups.created - before;
    const pass = this.openPass(passDescriptor);
    if (pipeline !== this.passPipeline) {
      pass.setPipeline(pipeline);
      this.passPipeline = pipeline;
    }
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(x, y, z);
    if (passDescriptor) this.endPass();
    for (const b of k.buffers) this.lastUse.set(b.buffer, this.serial);
    this.stats.dispatches++;
    if (++this.dispatched >= DISPATCHES_PER_SUBMIT) this.submit();
  }

  // ---------------------------------------------------------------- profiling

  /** Starts attributing GPU time to pipeline keys (see profiler.ts); throws without 'timestamp-query'. */
  startProfile(): void {
    this.checkAlive();
    this.submit();
    this.profiler = new DispatchProfiler(this.device, DISPATCHES_PER_SUBMIT);
  }

  /** Stops profiling; resolves, once the recorded work has run, to the totals per pipeline key. */
  async stopProfile(): Promise<ProfileEntry[]> {
    const p = this.profiler;
    if (!p) throw new BackendError('webgpu: stopProfile() without startProfile()');
    try {
      await this.sync();
    } finally {
      this.profiler = null;
    }
    return p.results();
  }

  private profiledDispatch(k: Dispatch, p: DispatchProfiler): void {
    if (k.workgroups.includes(0)) return;
    const t0 = performance.now();
    let desc = p.passFor(k.key);
    if (!desc) {
      this.submit();
      desc = p.passFor(k.key) as GPUComputePassDescriptor;
    }
    this.record(k, desc);
    p.addRecordTime(k.key, performance.now() - t0);
  }

  /**
   * A zeroed counter for the dispatch being recorded: a slot of WorkCounters, whose
   * buffer is cleared before the first slot of each submission is used (outside a pass).
   */
  private counterSlot(): DispatchBuffer {
    const first = this.counters.used === 0;
    const slot = this.counters.take();
    if (first) {
      this.endPass();
      this.openEncoder().clearBuffer(slot.buffer);
    }
    return slot;
  }

  /** Records a buffer-to-buffer copy (byte offsets and size multiples of 4). */
  copyBuffer(src: GPUBuffer, srcByte: number, dst: GPUBuffer, dstByte: number, bytes: number): void {
    this.checkAlive();
    this.endPass();
    this.openEncoder().copyBufferToBuffer(src, srcByte, dst, dstByte, bytes);
    this.lastUse.set(src, this.serial);
    this.lastUse.set(dst, this.serial);
  }

  /**
   * Records a buffer-to-texture copy of `size` texels (rgba32float) into array layer
   * origin[2] at rows origin[1]..; `bytesPerRow` must be a multiple of 256 and
   * `srcByte` of 16 (WebGPU's rules for this copy).
   */
  copyToTexture(src: GPUBuffer, srcByte: number, bytesPerRow: number, dst: GPUTexture, origin: [number, number, number], size: [number, number]): void {
    this.checkAlive();
    this.endPass();
    this.openEncoder().copyBufferToTexture({ buffer: src, offset: srcByte, bytesPerRow, rowsPerImage: size[1] }, { texture: dst, origin }, [size[0], size[1], 1]);
    this.lastUse.set(src, this.serial);
  }

  /** Submits the open encoder, if any. */
  submit(): void {
    if (!this.encoder || this.lostReason !== null) return;
    this.endPass();
    const afterSubmit = this.profiler?.resolve(this.encoder);
    this.device.queue.submit([this.encoder.finish()]);
    afterSubmit?.();
    const s = this.serial++;
    for (const list of this.openFreed.values()) for (const b of list) this.release(this.storagePool, b);
    this.openFreed.clear();
    this.encoder = null;
    this.dispatched = 0;
    this.counters.reset();
    this.stats.submits++;
    this.device.queue.onSubmittedWorkDone().then(
      () => this.onCompleted(s),
      () => {},
    );
  }

  flush(): void {
    this.checkAlive();
    this.submit();
  }

  /** Waits for all submitted work; rejects on device loss or recorded GPU errors. */
  async sync(): Promise<void> {
    this.flush();
    await Promise.race([this.device.queue.onSubmittedWorkDone(), this.lostSignal]);
    this.checkAlive();
    this.throwRecordedErrors();
  }

  // ---------------------------------------------------------------- reads

  /** Reads a view's elements in row-major order. */
  async read(view: View): Promise<TypedArray> {
    this.checkAlive();
    this.stats.reads++;
    const n = sizeOf(view.shape);
    const src = this.storageOf(view);
    let buffer = src.buffer;
    let byteOffset = view.offset * 4;
    let temp: GPUStorage | null = null;
    if (!isContiguous(view.shape, view.strides)) {
      temp = this.contiguous(view);
      buffer = temp.buffer;
      byteOffset = 0;
    }
    const bytes = Math.max(4, n * 4);
    const staging = this.stagingPool.acquire(bytes);
    if (n > 0) this.copyBuffer(buffer, byteOffset, staging, 0, n * 4);
    if (temp) this.free(temp);
    this.submit();
    try {
      await Promise.race([staging.mapAsync(MapMode.READ, 0, bytes), this.lostSignal]);
    } catch (e) {
      this.checkAlive();
      throw new BackendError(`webgpu: reading a tensor failed: ${(e as Error).message}`);
    }
    const host = staging.getMappedRange(0, bytes).slice(0);
    staging.unmap();
    this.stagingPool.put(staging); // the copy has completed: the map resolved
    this.throwRecordedErrors();
    return fromGPUWords(host, n, view.dtype);
  }

  /** Destroys the device and every pooled buffer; later calls throw. */
  destroy(): void {
    if (this.lostReason === null) this.lostReason = 'the backend was destroyed';
    this.encoder = null;
    this.pass = null;
    for (const list of this.openFreed.values()) for (const b of list) b.destroy();
    this.openFreed.clear();
    this.storagePool.clear();
    this.uniforms.clear();
    this.stagingPool.clear();
    this.bindGroups.clear();
    this.device.destroy();
  }
}

// GPUShaderStage is a global in browsers only; its COMPUTE flag is 4 everywhere.
const GPUShaderStageCompute = 4;
