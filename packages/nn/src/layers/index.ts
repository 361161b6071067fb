/** Layers (NCHW, PyTorch's names, defaults and initialisation). */
export type { Pair } from './pair.js';
export { Linear, linear, type LinearOptions } from './linear.js';
export { Conv2d, ConvTranspose2d, type Conv2dOptions, type ConvTranspose2dOptions } from './conv.js';
export { BatchNorm1d, BatchNorm2d, type BatchNormOptions } from './batch-norm.js';
export { LayerNorm, type LayerNormOptions } from './layer-norm.js';
export { GroupNorm, type GroupNormOptions } from './group-norm.js';
export { Embedding, type EmbeddingOptions } from './embedding.js';
export { Dropout, Dropout2d, type DropoutOptions } from './dropout.js';
export { ReLU, GELU, SiLU, Tanh, Sigmoid, geluTanh, silu } from './activations.js';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, type MaxPool2dOptions, type AvgPool2dOptions } from './pooling.js';
export { Upsample, type UpsampleOptions } from './upsample.js';
export { Flatten } from './flatten.js';
