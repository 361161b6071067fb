import type { DType, TypedArray } from './dtype.js';

/**
 * A backend owns storages (flat element buffers) and runs kernels over views of them.
 * The front end (ops/) validates arguments, computes output shapes and broadcasts
 * inputs (stride-0 views) before calling in, so kernels can trust their inputs.
 *
 * Conventions every kernel follows:
 *  - Inputs are `View`s: any strides (including 0 for broadcast and negative for flip)
 *    and any element offset into their storage.
 *  - Outputs are fresh, contiguous, row-major storages of the dtype asked for.
 *  - Sizes are never zero: the front end short-circuits empty tensors.
 *  - Kernels never free their inputs.
 */
export interface Storage {
  readonly backend: Backend;
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
}

export interface View {
  readonly storage: Storage;
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Strides in elements; may be 0 or negative. */
  readonly strides: readonly number[];
  /** Offset in elements. */
  readonly offset: number;
}

export type UnaryOp =
  | 'identity' // with a different outDtype this is a cast
  | 'neg'
  | 'abs'
  | 'sign'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'sqrt'
  | 'rsqrt'
  | 'square'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'gelu' // erf form: x/2 (1 + erf(x/√2))
  | 'erf'
  | 'not' // logical not, bool out
  | 'isnan'; // bool out

export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div' // true division for floats; int32 inputs are cast to float by the front end
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'and'
  | 'or';

/**
 * Reductions. argmax/argmin reduce exactly one axis and return int32; ties pick the
 * first index; NaN counts as the maximum (PyTorch). max/min propagate NaN.
 */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'argmax' | 'argmin';

export interface Conv2dParams {
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

export interface Pool2dParams {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number]; // max pooling only; avg uses [1,1]
  ceilMode: boolean;
  /** avg pooling only (PyTorch default true). */
  countIncludePad: boolean;
}

export type UpsampleMode = 'nearest' | 'bilinear';

export interface RandomParams {
  /** 'uniform' in [0,1), 'normal' N(0,1) by Box–Muller, 'bits' raw 32-bit words (int32). */
  kind: 'uniform' | 'normal' | 'bits';
  /** Philox key (two u32 words). */
  key: readonly [number, number];
  /** First Philox counter (low, high u32 words); element i uses counter + floor(i/4), lane i%4. */
  counter: readonly [number, number];
}

/** Activation a fused kernel applies after its bias: the unary op of the same name, or none. */
export type FusedActivation = 'none' | 'relu' | 'gelu' | 'sigmoid' | 'tanh';

/** Hyper-parameters of one AdamW step (PyTorch's torch.optim.AdamW, amsgrad off). */
export interface AdamWParams {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** 1-based step number, for the bias corrections 1 − β^step. */
  step: number;
}

export interface AdapterInfo {
  backend: 'cpu' | 'webgpu';
  name: string;
  vendor?: string;
  architecture?: string;
  description?: string;
  limits?: Record<string, number>;
  features?: string[];
}

export interface Backend {
  readonly name: 'cpu' | 'webgpu';
  supportsDType(d: DType): boolean;
  info(): AdapterInfo;

  // ---- storage ----
  /** Copies host data into a new storage of `dtype` (data is already of that dtype's array type). */
  upload(data: TypedArray, dtype: DType): Storage;
  /** A new contiguous storage of `size` elements all equal to `value`. */
  full(size: number, value: number, dtype: DType): Storage;
  /** Reads a view's elements in row-major logical order (resolving strides). */
  read(view: View): Promise<TypedArray>;
  /** Releases a storage. Called exactly once, when its last tensor is disposed. */
  free(s: Storage): void;
  /** Bytes currently held by live storages (not counting pooled free buffers). */
  bytesInUse(): number;

  // ---- elementwise (output shape = input view shape) ----
  unary(op: UnaryOp, x: View, outDtype: DType): Storage;
  /** a and b are already broadcast to one shape. Comparisons and and/or return bool. */
  binary(op: BinaryOp, a: View, b: View, outDtype: DType): Storage;
  /** cond (bool), a, b already broadcast to one shape. */
  where(cond: View, a: View, b: View, outDtype: DType): Storage;
  /** (x − shift)·scale + offset, all four already broadcast to one shape and of outDtype (a float dtype). */
  shiftScale(x: View, shift: View, scale: View, offset: View, outDtype: DType): Storage;
  /** Writes src into the (possibly strided) destination view, same shape and dtype. */
  copyInto(src: View, dst: View): void;

  // ---- reductions ----
  /** Reduces `axes` (sorted, unique, non-empty); output shape = input shape without them. */
  reduce(op: ReduceOp, x: View, axes: readonly number[], outDtype: DType): Storage;
  /**
   * Softmax over the last axis of a float view (rank ≥ 1), output shape = x.shape:
   * exp(x − max) / Σ exp(x − max) per row. A row holding NaN or +inf, or only -inf,
   * is all NaN (PyTorch). With `log`, log-softmax: (x − max) − log Σ exp(x − max),
   * all NaN for the same rows.
   */
  softmaxLastAxis(x: View, outDtype: DType, log?: boolean): Storage;
  /**
   * log Σ exp(x) over the last axis of a float view (rank ≥ 1), shifted by the row's
   * maximum so it never overflows; x's dtype, shape x.shape without the last axis. A
   * row holding NaN gives NaN, else one holding +inf gives +inf, one of only -inf -inf.
   */
  logSumExpLastAxis(x: View): Storage;
  /**
   * Mean and biased variance (Σ(x − mean)² / n) over the last axis of a float view
   * (rank ≥ 1), both of x's dtype and shape x.shape without the last axis. A row with
   * NaN or ±inf has variance NaN and mean Σx / n (±inf or NaN).
   */
  momentsLastAxis(x: View): { mean: Storage; variance: Storage };

  // ---- linear algebra ----
  /** a: [...batch, M, K], b: [...batch, K, N], batch dims already broadcast to the same shape. */
  matmul(a: View, b: View, outDtype: DType): Storage;

  /**
   * Fused epilogue: act(a @ b + bias), with a and b as for matmul (float dtypes) and
   * bias [N] (or null) added to every row. One kernel where the backend can fuse.
   */
  matmulBiasAct(a: View, b: View, bias: View | null, activation: FusedActivation, outDtype: DType): Storage;

  // ---- convolution (NCHW; weight [Cout, Cin/groups, kH, kW]) ----
  conv2d(x: View, w: View, bias: View | null, p: Conv2dParams): Storage;
  conv2dBackwardInput(dy: View, w: View, xShape: readonly number[], p: Conv2dParams): Storage;
  conv2dBackwardWeight(x: View, dy: View, wShape: readonly number[], p: Conv2dParams): Storage;
  /** Fused epilogue: act(conv2d(x, w, bias)). */
  conv2dBiasAct(x: View, w: View, bias: View | null, p: Conv2dParams, activation: FusedActivation): Storage;

  // ---- optimiser ----
  /**
   * One AdamW step over same-shape float tensors, in one pass (one kernel on WebGPU):
   *   p ← p − lr·wd·p;  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;
   *   p ← p − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + eps).
   * Returns fresh contiguous storages; the inputs are not modified.
   */
  adamwUpdate(param: View, grad: View, m: View, v: View, hp: AdamWParams): { param: Storage; m: Storage; v: Storage };

  // ---- pooling and resampling (NCHW) ----
  /** values and int32 flat indices into each (n, c) plane, as PyTorch returns. */
  maxPool2d(x: View, p: Pool2dParams): { values: Storage; indices: Storage };
  /** `p`, when given, is the geometry the indices came from (lets a backend gather per input pixel). */
  maxPool2dBackward(dy: View, indices: View, xShape: readonly number[], p?: Pool2dParams): Storage;
  avgPool2d(x: View, p: Pool2dParams): Storage;
  avgPool2dBackward(dy: View, xShape: readonly number[], p: Pool2dParams): Storage;
  adaptiveAvgPool2d(x: View, outHW: [number, number]): Storage;
  adaptiveAvgPool2dBackward(dy: View, xShape: readonly number[]): Storage;
  /** Output size given explicitly; alignCorners applies to bilinear only. */
  upsample2d(x: View, mode: UpsampleMode, outHW: [number, number], alignCorners: boolean): Storage;
  upsample2dBackward(dy: View, mode: UpsampleMode, xShape: readonly number[], alignCorners: boolean): Storage;

  // ---- indexing ----
  /** torch.gather: out[i..][j][k..] = x[i..][index[i..][j][k..]][k..] along `dim`; index int32. Out shape = index shape. */
  gather(x: View, dim: number, index: View): Storage;
  /** out = base (copied) with src[i] added at index[i] along `dim` (torch.scatter_add). */
  scatterAdd(base: View, dim: number, index: View, src: View): Storage;

  // ---- random ----
  /** `size` numbers from the Philox4x32-10 stream; identical streams on every backend. */
  random(size: number, p: RandomParams, dtype: DType): Storage;

  /** Waits until all queued work has finished (no-op on CPU). */
  sync(): Promise<void>;
  /** Releases the device. */
  destroy(): void;
}
