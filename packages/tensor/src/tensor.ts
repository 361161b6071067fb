import type { Backend, View } from './backend.js';
import type { DType, TypedArray } from './dtype.js';
import type { Device } from './engine.js';
import type { TensorLike } from './ops/internal.js';
import type { SliceSpec } from './ops/movement.js';
import type { Axes, ReduceOptions, VarOptions } from './ops/reduce.js';
import { DisposedError, ShapeError, fmtShape } from './errors.js';
import { StorageRef, setTensorCheck, trackTensor, untrackTensor } from './memory.js';
import { contiguousStrides, isContiguous, sizeOf } from './shape.js';

export type NestedArray = number | boolean | NestedArray[];

/**
 * The method forms of the ops, implemented in tensor-methods.ts. Declared here, on the
 * class's own module, so the bundled .d.ts keeps them.
 */
export interface Tensor {
  add(b: TensorLike): Tensor;
  sub(b: TensorLike): Tensor;
  mul(b: TensorLike): Tensor;
  div(b: TensorLike): Tensor;
  pow(b: TensorLike): Tensor;
  maximum(b: TensorLike): Tensor;
  minimum(b: TensorLike): Tensor;
  eq(b: TensorLike): Tensor;
  ne(b: TensorLike): Tensor;
  lt(b: TensorLike): Tensor;
  le(b: TensorLike): Tensor;
  gt(b: TensorLike): Tensor;
  ge(b: TensorLike): Tensor;
  logicalAnd(b: TensorLike): Tensor;
  logicalOr(b: TensorLike): Tensor;
  logicalNot(): Tensor;
  neg(): Tensor;
  abs(): Tensor;
  sign(): Tensor;
  exp(): Tensor;
  log(): Tensor;
  log1p(): Tensor;
  sqrt(): Tensor;
  rsqrt(): Tensor;
  square(): Tensor;
  sin(): Tensor;
  cos(): Tensor;
  tanh(): Tensor;
  sigmoid(): Tensor;
  relu(): Tensor;
  gelu(): Tensor;
  erf(): Tensor;
  isnan(): Tensor;
  clamp(min?: TensorLike | null, max?: TensorLike | null): Tensor;
  cast(dtype: DType): Tensor;
  maskedFill(mask: Tensor, value: TensorLike): Tensor;
  sum(axes?: Axes, opts?: ReduceOptions): Tensor;
  mean(axes?: Axes, opts?: ReduceOptions): Tensor;
  prod(axes?: Axes, opts?: ReduceOptions): Tensor;
  max(axes?: Axes, opts?: ReduceOptions): Tensor;
  min(axes?: Axes, opts?: ReduceOptions): Tensor;
  argmax(axis?: number, opts?: ReduceOptions): Tensor;
  argmin(axis?: number, opts?: ReduceOptions): Tensor;
  logsumexp(axes?: Axes, opts?: ReduceOptions): Tensor;
  var(axes?: Axes, opts?: VarOptions): Tensor;
  softmax(axis?: number): Tensor;
  logSoftmax(axis?: number): Tensor;
  reshape(shape: readonly number[]): Tensor;
  view(shape: readonly number[]): Tensor;
  flatten(startDim?: number, endDim?: number): Tensor;
  permute(dims: readonly number[]): Tensor;
  transpose(dim0?: number, dim1?: number): Tensor;
  expand(shape: readonly number[]): Tensor;
  squeeze(dims?: number | readonly number[]): Tensor;
  unsqueeze(dim: number): Tensor;
  slice(specs: readonly SliceSpec[]): Tensor;
  narrow(dim: number, start: number, length: number): Tensor;
  select(dim: number, index: number): Tensor;
  flip(dims: number | readonly number[]): Tensor;
  pad(pads: readonly number[], value?: number): Tensor;
  split(sizes: number | readonly number[], dim?: number): Tensor[];
  chunk(chunks: number, dim?: number): Tensor[];
  contiguous(): Tensor;
  matmul(b: Tensor): Tensor;
  gather(dim: number, index: Tensor): Tensor;
  indexSelect(dim: number, index: Tensor): Tensor;
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
  clone(): Tensor;
  to(device: Device): Promise<Tensor>;
}

/**
 * An n-d array: a view (shape, strides, offset) over a reference-counted storage
 * on one backend. Views share storage; `dispose()` releases this tensor's reference.
 * Ops live in ops/ and are attached as methods in tensor-methods.ts.
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
  readonly backend: Backend;
  #ref: StorageRef | null;

  /** Internal: use the creation functions (tensor, zeros, ...). */
  constructor(ref: StorageRef, shape: readonly number[], dtype: DType, strides?: readonly number[], offset = 0) {
    this.#ref = ref;
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze(strides ? [...strides] : contiguousStrides(shape));
    this.offset = offset;
    this.dtype = dtype;
    this.backend = ref.storage.backend;
    trackTensor(this, this.backend);
  }

  get device(): 'cpu' | 'webgpu' {
    return this.backend.name;
  }
  get rank(): number {
    return this.shape.length;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return sizeOf(this.shape);
  }
  get isDisposed(): boolean {
    return this.#ref === null;
  }
  get isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }

  /** The storage reference, for building views; throws naming `op` when disposed. */
  ref(op: string): StorageRef {
    if (!this.#ref) throw new DisposedError(`${op}: tensor ${this.dtype}${fmtShape(this.shape)} was disposed`);
    return this.#ref;
  }

  /** What kernels receive. */
  viewFor(op: string): View {
    return { storage: this.ref(op).storage, dtype: this.dtype, shape: this.shape, strides: this.strides, offset: this.offset };
  }

  /** Releases this tensor's reference to its storage. Idempotent. */
  dispose(): void {
    if (!this.#ref) return;
    this.#ref.release();
    this.#ref = null;
    untrackTensor(this, this.backend);
  }

  /** Elements in row-major order, as a fresh typed array. */
  async data(): Promise<TypedArray> {
    return this.backend.read(this.viewFor('data'));
  }

  /** Nested JS arrays (booleans for bool tensors); a number for rank 0. */
  async array(): Promise<NestedArray> {
    const d = await this.data();
    const asBool = this.dtype === 'bool';
    const build = (axis: number, base: number): NestedArray => {
      if (axis === this.rank) return asBool ? d[base] !== 0 : d[base];
      const n = this.shape[axis];
      const step = sizeOf(this.shape.slice(axis + 1));
      const out: NestedArray[] = [];
      for (let i = 0; i < n; i++) out.push(build(axis + 1, base + i * step));
      return out;
    };
    return build(0, 0);
  }

  /** The single element of a one-element tensor. */
  async item(): Promise<number> {
    if (this.size !== 1) throw new ShapeError(`item: tensor of shape ${fmtShape(this.shape)} has ${this.size} elements, expected 1`);
    return (await this.data())[0];
  }

  toString(): string {
    return `Tensor(${this.dtype}${fmtShape(this.shape)} on ${this.device}${this.isDisposed ? ', disposed' : ''})`;
  }
}

setTensorCheck((v: unknown): v is Tensor => v instanceof Tensor);
