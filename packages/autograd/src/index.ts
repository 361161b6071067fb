/**
 * @prior/autograd — reverse-mode differentiation over @prior/tensor.
 *
 * Importing it gives every Tensor `requiresGrad`, `grad`, `backward()`, `detach()` and
 * `zeroGrad()`, and points the method forms (`x.mul(y)`) at the differentiable ops.
 * The functions exported here have the tensor package's names and signatures and
 * record onto the tape when an input requires grad; the non-differentiable ones are
 * re-exported unchanged (see `tensorExports` for the classification of each).
 */
import './tensor-grad.js';

export { AutogradError } from './errors.js';
export { noGrad, enableGrad, isGradEnabled } from './grad-mode.js';
export { backward, releaseGraph } from './backward.js';
export { differentiable, customVjp, type VjpContext, type Save, type ArgGrads } from './record.js';
export { grad, valueAndGrad, zeroGrad, type GradOptions } from './functional.js';
export { gradcheck, GradcheckError, type GradcheckOptions, type GradcheckReport } from './gradcheck.js';
export { tensorExports, fusedOps, differentiableOps, type OpKind } from './registry.js';

// Differentiable tensor ops (same names and signatures as @prior/tensor's).
export {
  cast, neg, abs, sign, square, relu, exp, log, log1p, sqrt, rsqrt, sin, cos, tanh, sigmoid, erf, clone,
  add, sub, mul, div, pow, maximum, minimum, where, clamp, maskedFill, type TensorLike,
} from './ops/elementwise.js';
export { sum, prod, mean, max, min, logsumexp, variance, type Axes, type ReduceOptions, type VarOptions } from './ops/reduce.js';
export {
  contiguous, view, reshape, flatten, permute, transpose, expand, broadcastTo, unsqueeze, squeeze, slice, narrow, select, flip,
  concat, cat, stack, split, chunk, pad,
} from './ops/movement.js';
export { matmul } from './ops/linalg.js';
export {
  conv2d, conv2dBackwardInput, conv2dBackwardWeight, maxPool2d, maxPool2dWithIndices, maxPool2dBackward, avgPool2d,
  avgPool2dBackward, adaptiveAvgPool2d, adaptiveAvgPool2dBackward, upsample, upsampleBackward,
} from './ops/conv.js';
export { gather, indexSelect, scatterAdd } from './ops/indexing.js';

// Fused ops with hand-written backward passes (customVjp).
export { softmax, logSoftmax } from './fused/softmax.js';
export { gelu } from './fused/gelu.js';
export { crossEntropy, type CrossEntropyOptions } from './fused/cross-entropy.js';
export { layerNorm } from './fused/layer-norm.js';
export { batchNorm, type BatchNormOptions, type BatchNormResult } from './fused/batch-norm.js';
export { dropout, type DropoutOptions } from './fused/dropout.js';
export { scaledDotProductAttention, type AttentionOptions } from './fused/attention.js';
export { cosineSimilarity } from './fused/cosine-similarity.js';
export { l2Normalize } from './fused/l2-normalize.js';

// Non-differentiable ops, re-exported unchanged: their outputs are integer/bool or random
// constants, or (`to`) an asynchronous copy that cannot sit on the tape.
export { isnan, eq, ne, lt, le, gt, ge, logicalAnd, logicalOr, logicalNot, argmax, argmin, oneHot } from '@prior/tensor';
export { rand, randn, randint, bernoulli, to } from '@prior/tensor';
