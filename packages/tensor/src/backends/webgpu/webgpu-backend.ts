/**
 * The WebGPU backend: a thin map from the Backend interface onto kernel functions,
 * each of which records dispatches on the shared GPURuntime.
 */
import type {
  AdamWParams,
  AdapterInfo,
  Backend,
  BinaryOp,
  Conv2dParams,
  FusedActivation,
  Pool2dParams,
  RandomParams,
  ReduceOp,
  Storage,
  UnaryOp,
  UpsampleMode,
  View,
} from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';
import { BackendError } from '../../errors.js';
import { adamwUpdate } from './kernels/adamw.js';
import { conv2d } from './kernels/conv.js';
import { conv2dBackwardInput } from './kernels/conv-backward-input.js';
import { conv2dBackwardWeight } from './kernels/conv-backward-weight.js';
import { copyInto } from './kernels/copy.js';
import { binary, full, shiftScale, unary, where } from './kernels/elementwise.js';
import { gather, scatterAdd } from './kernels/indexing.js';
import { matmul } from './kernels/matmul.js';
import { adaptiveAvgPool2d, adaptiveAvgPool2dBackward } from './kernels/pool-adaptive.js';
import { avgPool2d, avgPool2dBackward } from './kernels/pool-avg.js';
import { maxPool2d, maxPool2dBackward } from './kernels/pool-max.js';
import { momentsLastAxis } from './kernels/moments-last-axis.js';
import { random } from './kernels/random.js';
import { reduce } from './kernels/reduce.js';
import { softmaxLastAxis } from './kernels/softmax-last-axis.js';
import { upsample2d } from './kernels/upsample.js';
import { upsample2dBackward } from './kernels/upsample-backward.js';
import { GPURuntime } from './runtime.js';
import { GPUStorage, assertGPUDType, toGPUWords } from './storage.js';

export class WebGPUBackend implements Backend {
  readonly name = 'webgpu' as const;
  readonly rt: GPURuntime;
  private readonly adapterInfo: AdapterInfo;

  constructor(adapter: GPUAdapter, readonly device: GPUDevice, wgslFeatures: ReadonlySet<string> = new Set()) {
    this.rt = new GPURuntime(device, this, wgslFeatures);
    const ai = adapter.info as GPUAdapterInfo | undefined;
    const limits: Record<string, number> = {};
    for (const k of ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup', 'maxStorageBuffersPerShaderStage']) {
      limits[k] = (device.limits as unknown as Record<string, number>)[k];
    }
    // Subgroup sizes live on the adapter info; kernels that assume one size check these.
    for (const k of ['subgroupMinSize', 'subgroupMaxSize']) {
      const v = (ai as unknown as Record<string, unknown> | undefined)?.[k];
      if (typeof v === 'number' && device.features.has('subgroups')) limits[k] = v;
    }
    this.adapterInfo = {
      backend: 'webgpu',
      name: ai?.description || ai?.device || ai?.vendor || 'WebGPU adapter',
      vendor: ai?.vendor,
      architecture: ai?.architecture,
      description: ai?.description,
      limits,
      features: [...adapter.features],
    };
  }

  supportsDType(d: DType): boolean {
    return d !== 'float64';
  }

  info(): AdapterInfo {
    return this.adapterInfo;
  }

  // ---- storage ----
  upload(data: TypedArray, dtype: DType): Storage {
    this.rt.checkAlive();
    return this.rt.upload(toGPUWords(data, dtype), dtype);
  }

  full(size: number, value: number, dtype: DType): Storage {
    assertGPUDType(dtype, 'full');
    return full(this.rt, size, value, dtype);
  }

  read(view: View): Promise<TypedArray> {
    return this.rt.read(view);
  }

  free(s: Storage): void {
    if (!(s instanceof GPUStorage)) throw new BackendError(`webgpu: free() was given a ${s.backend.name} storage`);
    this.rt.free(s);
  }

  bytesInUse(): number {
    return this.rt.bytesInUse();
  }

  /**
   * Read-only counters of the storage-buffer pool (bytes; peaks since creation) and of
   * dispatches and submits, for benchmarks. Element access reaches the runtime's
   * private pool without widening the runtime's API.
   */
  poolStats(): { liveBytes: number; pooledBytes: number; peakPooledBytes: number; allocatedBytes: number; peakAllocatedBytes: number; dispatches: number; submits: number; bindGroups: number } {
    const { dispatches, submits, bindGroups } = this.rt.stats;
    return { liveBytes: this.rt.bytesInUse(), ...this.rt['storagePool'].stats(), dispatches, submits, bindGroups };
  }

  // ---- elementwise ----
  unary(op: UnaryOp, x: View, outDtype: DType): Storage {
    assertGPUDType(outDtype, op);
    return unary(this.rt, op, x, outDtype);
  }

  binary(op: BinaryOp, a: View, b: View, outDtype: DType): Storage {
    assertGPUDType(outDtype, op);
    return binary(this.rt, op, a, b, outDtype);
  }

  where(cond: View, a: View, b: View, outDtype: DType): Storage {
    assertGPUDType(outDtype, 'where');
    return where(this.rt, cond, a, b, outDtype);
  }

  shiftScale(x: View, shift: View, scale: View, offset: View, outDtype: DType): Storage {
    assertGPUDType(outDtype, 'shiftScale');
    return shiftScale(this.rt, x, shift, scale, offset, outDtype);
  }

  copyInto(src: View, dst: View): void {
    copyInto(this.rt, src, dst);
  }

  // ---- reductions ----
  reduce(op: ReduceOp, x: View, axes: readonly number[], outDtype: DType): Storage {
    assertGPUDType(outDtype, op);
    return reduce(this.rt, op, x, axes, outDtype);
  }

  softmaxLastAxis(x: View, outDtype: DType, log = false): Storage {
    assertGPUDType(outDtype, 'softmax');
    return softmaxLastAxis(this.rt, x, outDtype, log ? 'logSoftmax' : 'softmax');
  }

  logSumExpLastAxis(x: View): Storage {
    return softmaxLastAxis(this.rt, x, x.dtype, 'logsumexp');
  }

  momentsLastAxis(x: View): { mean: Storage; variance: Storage } {
    return momentsLastAxis(this.rt, x);
  }

  // ---- linear algebra, convolution, pooling, resampling (kernels by the GEMM engineer) ----
  matmul(a: View, b: View, outDtype: DType): Storage {
    assertGPUDType(outDtype, 'matmul');
    return matmul(this.rt, a, b, outDtype);
  }

  conv2d(x: View, w: View, bias: View | null, p: Conv2dParams): Storage {
    return conv2d(this.rt, x, w, bias, p);
  }

  matmulBiasAct(a: View, b: View, bias: View | null, activation: FusedActivation, outDtype: DType): Storage {
    assertGPUDType(outDtype, 'matmulBiasAct');
    return matmul(this.rt, a, b, outDtype, { bias, biasAxis: 'n', activation });
  }

  conv2dBiasAct(x: View, w: View, bias: View | null, p: Conv2dParams, activation: FusedActivation): Storage {
    return conv2d(this.rt, x, w, bias, p, activation);
  }

  adamwUpdate(param: View, grad: View, m: View, v: View, hp: AdamWParams): { param: Storage; m: Storage; v: Storage } {
    return adamwUpdate(this.rt, param, grad, m, v, hp);
  }

  conv2dBackwardInput(dy: View, w: View, xShape: readonly number[], p: Conv2dParams): Storage {
    return conv2dBackwardInput(this.rt, dy, w, xShape, p);
  }

  conv2dBackwardWeight(x: View, dy: View, wShape: readonly number[], p: Conv2dParams): Storage {
    return conv2dBackwardWeight(this.rt, x, dy, wShape, p);
  }

  maxPool2d(x: View, p: Pool2dParams): { values: Storage; indices: Storage } {
    return maxPool2d(this.rt, x, p);
  }

  maxPool2dBackward(dy: View, indices: View, xShape: readonly number[], p?: Pool2dParams): Storage {
    return maxPool2dBackward(this.rt, dy, indices, xShape, p);
  }

  avgPool2d(x: View, p: Pool2dParams): Storage {
    return avgPool2d(this.rt, x, p);
  }

  avgPool2dBackward(dy: View, xShape: readonly number[], p: Pool2dParams): Storage {
    return avgPool2dBackward(this.rt, dy, xShape, p);
  }

  adaptiveAvgPool2d(x: View, outHW: [number, number]): Storage {
    return adaptiveAvgPool2d(this.rt, x, outHW);
  }

  adaptiveAvgPool2dBackward(dy: View, xShape: readonly number[]): Storage {
    return adaptiveAvgPool2dBackward(this.rt, dy, xShape);
  }

  upsample2d(x: View, mode: UpsampleMode, outHW: [number, number], alignCorners: boolean): Storage {
    return upsample2d(this.rt, x, mode, outHW, alignCorners);
  }

  upsample2dBackward(dy: View, mode: UpsampleMode, xShape: readonly number[], alignCorners: boolean): Storage {
    return upsample2dBackward(this.rt, dy, mode, xShape, alignCorners);
  }

  // ---- indexing ----
  gather(x: View, dim: number, index: View): Storage {
    return gather(this.rt, x, dim, index);
  }

  scatterAdd(base: View, dim: number, index: View, src: View): Storage {
    return scatterAdd(this.rt, base, dim, index, src);
  }

  // ---- random ----
  random(size: number, p: RandomParams, dtype: DType): Storage {
    assertGPUDType(dtype, 'random');
    return random(this.rt, size, p, dtype);
  }

  sync(): Promise<void> {
    return this.rt.sync();
  }

  destroy(): void {
    this.rt.destroy();
  }
}
