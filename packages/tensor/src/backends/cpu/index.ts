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
import { convertArray, type DType, type TypedArray } from '../../dtype.js';
import { adaptiveAvgPool2dBackwardKernel, adaptiveAvgPool2dKernel } from './adaptive-pool.js';
import { avgPool2dBackwardKernel, avgPool2dKernel } from './avgpool.js';
import { conv2dBackwardInputKernel, conv2dBackwardWeightKernel, conv2dKernel } from './conv.js';
import { binaryKernel, shiftScaleKernel, unaryKernel, whereKernel } from './elementwise.js';
import { adamwKernel, conv2dBiasActKernel, matmulBiasActKernel } from './fused.js';
import { gatherKernel, scatterAddKernel } from './indexing.js';
import { matmulKernel } from './matmul.js';
import { maxPool2dBackwardKernel, maxPool2dKernel } from './maxpool.js';
import { momentsLastAxisKernel } from './moments.js';
import { randomKernel } from './random.js';
import { reduceKernel } from './reduce.js';
import { softmaxLastAxisKernel } from './softmax.js';
import { allocOutput, CpuStorage, dataOf, recycle } from './storage.js';
import { readTyped, writeStrided } from './strided.js';
import { upsample2dBackwardKernel, upsample2dKernel } from './upsample.js';

export { CpuStorage } from './storage.js';

/** Whether `data` already is the array type of `dtype` (bool is normalised to 0/1 anyway). */
function isArrayOf(data: TypedArray, dtype: DType): boolean {
  switch (dtype) {
    case 'float32':
      return data instanceof Float32Array;
    case 'float64':
      return data instanceof Float64Array;
    case 'int32':
      return data instanceof Int32Array;
    case 'bool':
      return false;
  }
}

/**
 * The reference backend: loops in double precision, rounding once to the output dtype on
 * store. It is the oracle the WebGPU backend is tested against, so it favours obvious
 * correctness; the speed it has (it also trains the tiny presets) comes from a few
 * well-tested devices: row-wise strided loops (runs.ts), im2col + blocked products for
 * convolutions (im2col.ts, gemm.ts), and reused work space and result arrays
 * (scratch.ts, storage.ts).
 */
export class CpuBackend implements Backend {
  readonly name = 'cpu' as const;
  #bytes = 0;

  supportsDType(_d: DType): boolean {
    return true;
  }

  info(): AdapterInfo {
    return { backend: 'cpu', name: 'cpu' };
  }

  #wrap(data: TypedArray, dtype: DType): CpuStorage {
    const s = new CpuStorage(this, dtype, data);
    this.#bytes += s.bytes;
    return s;
  }

  upload(data: TypedArray, dtype: DType): Storage {
    const copy = isArrayOf(data, dtype) ? data.slice() : convertArray(data, dtype);
    return this.#wrap(copy, dtype);
  }

  full(size: number, value: number, dtype: DType): Storage {
    const data = allocOutput(dtype, size);
    data.fill(dtype === 'bool' ? (value !== 0 ? 1 : 0) : value);
    return this.#wrap(data, dtype);
  }

  async read(view: View): Promise<TypedArray> {
    return readTyped(view);
  }

  free(s: Storage): void {
    dataOf(s); // rejects foreign or already-freed storages
    const cs = s as CpuStorage;
    cs.freed = true;
    this.#bytes -= cs.bytes;
    recycle(cs.dtype, cs.data);
  }

  bytesInUse(): number {
    return this.#bytes;
  }

  unary(op: UnaryOp, x: View, outDtype: DType): Storage {
    return this.#wrap(unaryKernel(op, x, outDtype), outDtype);
  }

  binary(op: BinaryOp, a: View, b: View, outDtype: DType): Storage {
    return this.#wrap(binaryKernel(op, a, b, outDtype), outDtype);
  }

  where(cond: View, a: View, b: View, outDtype: DType): Storage {
    return this.#wrap(whereKernel(cond, a, b, outDtype), outDtype);
  }

  shiftScale(x: View, shift: View, scale: View, offset: View, outDtype: DType): Storage {
    return this.#wrap(shiftScaleKernel(x, shift, scale, offset, outDtype), outDtype);
  }

  copyInto(src: View, dst: View): void {
    // Read fully before writing: src and dst may overlap in one storage.
    writeStrided(dst, readTyped(src));
  }

  reduce(op: ReduceOp, x: View, axes: readonly number[], outDtype: DType): Storage {
    return this.#wrap(reduceKernel(op, x, axes, outDtype), outDtype);
  }

  softmaxLastAxis(x: View, outDtype: DType, log = false): Storage {
    return this.#wrap(softmaxLastAxisKernel(x, outDtype, log ? 'logSoftmax' : 'softmax'), outDtype);
  }

  logSumExpLastAxis(x: View): Storage {
    return this.#wrap(softmaxLastAxisKernel(x, x.dtype, 'logsumexp'), x.dtype);
  }

  momentsLastAxis(x: View): { mean: Storage; variance: Storage } {
    const r = momentsLastAxisKernel(x);
    return { mean: this.#wrap(r.mean, x.dtype), variance: this.#wrap(r.variance, x.dtype) };
  }

  matmul(a: View, b: View, outDtype: DType): Storage {
    return this.#wrap(matmulKernel(a, b, outDtype), outDtype);
  }

  matmulBiasAct(a: View, b: View, bias: View | null, activation: FusedActivation, outDtype: DType): Storage {
    return this.#wrap(matmulBiasActKernel(a, b, bias, activation, outDtype), outDtype);
  }

  conv2dBiasAct(x: View, w: View, bias: View | null, p: Conv2dParams, activation: FusedActivation): Storage {
    return this.#wrap(conv2dBiasActKernel(x, w, bias, p, activation), x.dtype);
  }

  adamwUpdate(param: View, grad: View, m: View, v: View, hp: AdamWParams): { param: Storage; m: Storage; v: Storage } {
    const r = adamwKernel(param, grad, m, v, hp);
    return { param: this.#wrap(r.param, param.dtype), m: this.#wrap(r.m, param.dtype), v: this.#wrap(r.v, param.dtype) };
  }

  conv2d(x: View, w: View, bias: View | null, p: Conv2dParams): Storage {
    return this.#wrap(conv2dKernel(x, w, bias, p), x.dtype);
  }

  conv2dBackwardInput(dy: View, w: View, xShape: readonly number[], p: Conv2dParams): Storage {
    return this.#wrap(conv2dBackwardInputKernel(dy, w, xShape, p), dy.dtype);
  }

  conv2dBackwardWeight(x: View, dy: View, wShape: readonly number[], p: Conv2dParams): Storage {
    return this.#wrap(conv2dBackwardWeightKernel(x, dy, wShape, p), x.dtype);
  }

  maxPool2d(x: View, p: Pool2dParams): { values: Storage; indices: Storage } {
    const r = maxPool2dKernel(x, p);
    return { values: this.#wrap(r.values, x.dtype), indices: this.#wrap(r.indices, 'int32') };
  }

  maxPool2dBackward(dy: View, indices: View, xShape: readonly number[]): Storage {
    return this.#wrap(maxPool2dBackwardKernel(dy, indices, xShape), dy.dtype);
  }

  avgPool2d(x: View, p: Pool2dParams): Storage {
    return this.#wrap(avgPool2dKernel(x, p), x.dtype);
  }

  avgPool2dBackward(dy: View, xShape: readonly number[], p: Pool2dParams): Storage {
    return this.#wrap(avgPool2dBackwardKernel(dy, xShape, p), dy.dtype);
  }

  adaptiveAvgPool2d(x: View, outHW: [number, number]): Storage {
    return this.#wrap(adaptiveAvgPool2dKernel(x, outHW), x.dtype);
  }

  adaptiveAvgPool2dBackward(dy: View, xShape: readonly number[]): Storage {
    return this.#wrap(adaptiveAvgPool2dBackwardKernel(dy, xShape), dy.dtype);
  }

  upsample2d(x: View, mode: UpsampleMode, outHW: [number, number], alignCorners: boolean): Storage {
    return this.#wrap(upsample2dKernel(x, mode, outHW, alignCorners), x.dtype);
  }

  upsample2dBackward(dy: View, mode: UpsampleMode, xShape: readonly number[], alignCorners: boolean): Storage {
    return this.#wrap(upsample2dBackwardKernel(dy, mode, xShape, alignCorners), dy.dtype);
  }

  gather(x: View, dim: number, index: View): Storage {
    return this.#wrap(gatherKernel(x, dim, index), x.dtype);
  }

  scatterAdd(base: View, dim: number, index: View, src: View): Storage {
    return this.#wrap(scatterAddKernel(base, dim, index, src), base.dtype);
  }

  random(size: number, p: RandomParams, dtype: DType): Storage {
    return this.#wrap(randomKernel(size, p, dtype), dtype);
  }

  async sync(): Promise<void> {}

  destroy(): void {}
}
