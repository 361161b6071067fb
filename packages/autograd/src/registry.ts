/**
 * How autograd treats each function the tensor package exports. Tests enumerate the
 * tensor package's exports against this table: an export missing here fails, and every
 * 'differentiable' entry must have a gradient property test. So a new tensor op cannot
 * land without a decision and, if differentiable, a checked rule.
 */
export type OpKind =
  /** Has a vector-Jacobian rule; @prior/autograd exports a recording version of the same name. */
  | 'differentiable'
  /** Output is integer/bool, random, or piecewise constant in a way with no useful gradient: never recorded. */
  | 'non-differentiable'
  /** Not an op on tensor values (creation, backends, memory, configuration). */
  | 'not-an-op';

export const tensorExports: Record<string, OpKind> = {
  // elementwise
  cast: 'differentiable', neg: 'differentiable', abs: 'differentiable', sign: 'differentiable', square: 'differentiable',
  relu: 'differentiable', exp: 'differentiable', log: 'differentiable', log1p: 'differentiable', sqrt: 'differentiable',
  rsqrt: 'differentiable', sin: 'differentiable', cos: 'differentiable', tanh: 'differentiable', sigmoid: 'differentiable',
  gelu: 'differentiable', erf: 'differentiable', add: 'differentiable', sub: 'differentiable', mul: 'differentiable',
  div: 'differentiable', pow: 'differentiable', maximum: 'differentiable', minimum: 'differentiable', where: 'differentiable',
  clamp: 'differentiable', maskedFill: 'differentiable', clone: 'differentiable',
  isnan: 'non-differentiable', eq: 'non-differentiable', ne: 'non-differentiable', lt: 'non-differentiable', le: 'non-differentiable',
  gt: 'non-differentiable', ge: 'non-differentiable', logicalAnd: 'non-differentiable', logicalOr: 'non-differentiable',
  logicalNot: 'non-differentiable',
  // reductions
  sum: 'differentiable', prod: 'differentiable', mean: 'differentiable', max: 'differentiable', min: 'differentiable',
  logsumexp: 'differentiable', variance: 'differentiable', softmax: 'differentiable', logSoftmax: 'differentiable',
  argmax: 'non-differentiable', argmin: 'non-differentiable',
  // movement
  contiguous: 'differentiable', view: 'differentiable', reshape: 'differentiable', flatten: 'differentiable', permute: 'differentiable',
  transpose: 'differentiable', expand: 'differentiable', broadcastTo: 'differentiable', unsqueeze: 'differentiable',
  squeeze: 'differentiable', slice: 'differentiable', narrow: 'differentiable', select: 'differentiable', flip: 'differentiable',
  concat: 'differentiable', cat: 'differentiable', stack: 'differentiable', split: 'differentiable', chunk: 'differentiable',
  pad: 'differentiable',
  // linear algebra, convolution, pooling, resampling (the backward kernels are linear, so they have rules too)
  matmul: 'differentiable', conv2d: 'differentiable', conv2dBackwardInput: 'differentiable', conv2dBackwardWeight: 'differentiable',
  maxPool2d: 'differentiable', maxPool2dWithIndices: 'differentiable', maxPool2dBackward: 'differentiable',
  avgPool2d: 'differentiable', avgPool2dBackward: 'differentiable', adaptiveAvgPool2d: 'differentiable',
  adaptiveAvgPool2dBackward: 'differentiable', upsample: 'differentiable', upsampleBackward: 'differentiable',
  // indexing
  gather: 'differentiable', indexSelect: 'differentiable', scatterAdd: 'differentiable', oneHot: 'non-differentiable',
  // random draws are constants
  rand: 'non-differentiable', randn: 'non-differentiable', randint: 'non-differentiable', bernoulli: 'non-differentiable',
  // an async copy between backends: cannot sit on a synchronous tape (detach, move, then requiresGrad on the copy)
  to: 'non-differentiable',
  // creation
  tensor: 'not-an-op', full: 'not-an-op', zeros: 'not-an-op', ones: 'not-an-op', fullLike: 'not-an-op', zerosLike: 'not-an-op',
  onesLike: 'not-an-op', arange: 'not-an-op', linspace: 'not-an-op', eye: 'not-an-op',
  // engine, memory, shapes, dtypes, errors, random state, backends
  Tensor: 'not-an-op', DTYPES: 'not-an-op', isFloat: 'not-an-op', promoteTypes: 'not-an-op', TensorError: 'not-an-op', ShapeError: 'not-an-op',
  DTypeError: 'not-an-op', DisposedError: 'not-an-op', BackendError: 'not-an-op', init: 'not-an-op', setBackend: 'not-an-op',
  currentBackend: 'not-an-op', resolveDevice: 'not-an-op', backendInfo: 'not-an-op', sync: 'not-an-op', shutdown: 'not-an-op',
  scope: 'not-an-op', keep: 'not-an-op', memory: 'not-an-op', setDebug: 'not-an-op', broadcastShapes: 'not-an-op', normAxis: 'not-an-op', normAxes: 'not-an-op',
  sizeOf: 'not-an-op', contiguousStrides: 'not-an-op', convOutSize: 'not-an-op', poolOutSize: 'not-an-op',
  Generator: 'not-an-op', manualSeed: 'not-an-op', defaultGenerator: 'not-an-op', CpuBackend: 'not-an-op',
  createWebGPUBackend: 'not-an-op', paceDawnTicks: 'not-an-op', WebGPUBackend: 'not-an-op',
  // GEMM variant choice (WebGPU kernel tuning)
  forceMatmulVariant: 'not-an-op', tuneMatmul: 'not-an-op', MATMUL_VARIANTS: 'not-an-op',
  // fused forward-only utilities (one dispatch), never recorded on the tape: autograd composes
  // matmul/conv2d + add + the activation instead, and the optimiser step runs outside the tape
  linear: 'not-an-op', conv2dAct: 'not-an-op', adamwUpdate: 'not-an-op',
  // variance and mean in one pass (torch.var_mean), forward only: autograd composes variance and mean
  varMean: 'not-an-op',
  // (x − shift)·scale + offset in one pass, forward only: normalisation layers use it inside
  // their customVjp rules; autograd composes sub, mul and add
  shiftScale: 'not-an-op',
};

/** Differentiable functions autograd adds beyond the tensor package (fused, via customVjp). */
export const fusedOps = [
  'crossEntropy', 'layerNorm', 'batchNorm', 'dropout', 'scaledDotProductAttention', 'cosineSimilarity', 'l2Normalize',
] as const;

/** Every differentiable function @prior/autograd exports: each has a gradient property test. */
export const differentiableOps: readonly string[] = [
  ...Object.entries(tensorExports).flatMap(([name, kind]) => (kind === 'differentiable' ? [name] : [])),
  ...fusedOps,
];
