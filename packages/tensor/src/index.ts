/**
 * @prior/tensor — n-d arrays on a CPU reference backend and a WebGPU backend.
 * Call `await init()` to pick WebGPU when an adapter exists (cpu otherwise).
 */
import './tensor-methods.js';

export { Tensor, type NestedArray } from './tensor.js';
export type { TensorLike } from './ops/internal.js';
export type { DType, TypedArray } from './dtype.js';
export { isFloat, promoteTypes, DTYPES } from './dtype.js';
export { TensorError, ShapeError, DTypeError, DisposedError, BackendError } from './errors.js';
export type {
  Backend,
  Storage,
  View,
  AdapterInfo,
  UnaryOp,
  BinaryOp,
  ReduceOp,
  Conv2dParams,
  Pool2dParams,
  UpsampleMode,
  RandomParams,
} from './backend.js';
export { init, setBackend, currentBackend, resolveDevice, backendInfo, sync, shutdown, type BackendName, type Device, type InitOptions } from './engine.js';
export { scope, keep, memory, setDebug, type MemoryInfo } from './memory.js';
export { broadcastShapes, sizeOf, contiguousStrides, normAxis, normAxes } from './shape.js';
export { convOutSize, poolOutSize } from './conv-shape.js';

export { tensor, full, zeros, ones, fullLike, zerosLike, onesLike, arange, linspace, eye, type CreateOptions } from './ops/create.js';
export {
  cast, neg, abs, sign, square, relu, exp, log, log1p, sqrt, rsqrt, sin, cos, tanh, sigmoid, gelu, erf, isnan,
  add, sub, mul, div, pow, maximum, minimum, eq, ne, lt, le, gt, ge, logicalAnd, logicalOr, logicalNot,
  where, clamp, maskedFill, shiftScale,
} from './ops/elementwise.js';
export { sum, prod, mean, max, min, argmax, argmin, logsumexp, variance, varMean, softmax, logSoftmax, type Axes, type ReduceOptions, type VarOptions } from './ops/reduce.js';
export {
  contiguous, view, reshape, flatten, permute, transpose, expand, broadcastTo, unsqueeze, squeeze, slice, narrow, select, flip,
  concat, cat, stack, split, chunk, pad, type SliceSpec,
} from './ops/movement.js';
export { matmul } from './ops/linalg.js';
export { linear, conv2dAct, adamwUpdate, type ActivationOptions, type AdamWOptions } from './ops/fused.js';
export type { FusedActivation, AdamWParams } from './backend.js';
export { forceMatmulVariant, tuneMatmul, MATMUL_VARIANTS, type MatmulVariant, type TuneResult } from './backends/webgpu/tuning/matmul-variant.js';
export {
  conv2d, conv2dBackwardInput, conv2dBackwardWeight, maxPool2d, maxPool2dWithIndices, maxPool2dBackward, avgPool2d, avgPool2dBackward,
  adaptiveAvgPool2d, adaptiveAvgPool2dBackward, upsample, upsampleBackward,
  type Conv2dOptions, type Pool2dOptions, type MaxPool2dWindow, type UpsampleOptions,
} from './ops/conv.js';
export { gather, indexSelect, scatterAdd, oneHot } from './ops/indexing.js';
export { rand, randn, randint, bernoulli, type RandomOptions } from './ops/random.js';
export { Generator, manualSeed, defaultGenerator } from './random/generator.js';
export { to, clone } from './ops/transfer.js';
export { CpuBackend } from './backends/cpu/index.js';
export { createWebGPUBackend, paceDawnTicks, WebGPUBackend } from './backends/webgpu/index.js';
