export type { Reduction } from './reduction.js';
export { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
export { binaryCrossEntropyWithLogits, type BinaryCrossEntropyOptions } from './binary-cross-entropy.js';
export { mse, l1, smoothL1, type RegressionLossOptions, type SmoothL1Options } from './regression.js';
export { klDiv, type KlDivOptions } from './kl-div.js';
export { cosineEmbedding, type CosineEmbeddingOptions } from './cosine-embedding.js';
export { symmetricInfoNce, InfoNCE, type InfoNceOptions, type InfoNceModuleOptions } from './info-nce.js';
