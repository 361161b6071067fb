/** Every differentiable tensor op, by family. */
export * from './elementwise.js';
export * from './reduce.js';
export * from './movement.js';
export * from './linalg.js';
export * from './conv.js';
export * from './indexing.js';
export { softmax, logSoftmax } from '../fused/softmax.js';
export { gelu } from '../fused/gelu.js';
export { cast as rawCast } from '@prior/tensor';
