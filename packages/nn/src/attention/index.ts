/** Attention layers with PyTorch's names and mask conventions (bool true = may not attend). */
export { MultiheadAttention, type MultiheadAttentionOptions, type AttentionCallOptions, type AttentionResult } from './multihead-attention.js';
export {
  TransformerEncoderLayer,
  TransformerDecoderLayer,
  type TransformerLayerOptions,
  type EncoderCallOptions,
  type DecoderCallOptions,
  type Activation,
} from './transformer-layers.js';
export { TransformerEncoder } from './transformer-encoder.js';
export { causalMask, type MaskParts } from './masks.js';
