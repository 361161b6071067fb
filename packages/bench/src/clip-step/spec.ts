/**
 * W3, the CLIP-style training step of the nn issue: one forward, backward and AdamW
 * update of an image tower (small ResNet) and a text tower (small Transformer encoder)
 * under the symmetric InfoNCE loss. Every peer builds exactly this model from the same
 * numbers; only layouts follow each library (tfjs convolves NHWC).
 */
export interface ClipStepConfig {
  /** Pairs per batch. */
  batch: number;
  /** Square image side; images have one channel. */
  imageSize: number;
  /** Stem: 3×3 conv, stride 1, padding 1, no max pool. */
  stem: number;
  /** Planes of each ResNet stage (BasicBlocks). */
  widths: number[];
  /** BasicBlocks per stage. */
  blocks: number[];
  /** Stride of each stage's first block. */
  strides: number[];
  /** Joint embedding width (both towers end in a Linear to it). */
  embed: number;
  /** Tokens per text. */
  seq: number;
  vocab: number;
  dModel: number;
  heads: number;
  ffn: number;
  layers: number;
  /** AdamW (decoupled weight decay); the same on every peer. */
  lr: number;
  weightDecay: number;
  /** Initial InfoNCE temperature; the log-scale is learnable, as in CLIP. */
  temperature: number;
}

/** The sizes. Dropout is 0 everywhere, so every peer runs the same arithmetic. */
export const CLIP_W3: ClipStepConfig = {
  batch: 32,
  imageSize: 64,
  stem: 32,
  widths: [32, 64, 128, 256],
  blocks: [2, 2, 2, 2],
  strides: [1, 2, 2, 2],
  embed: 128,
  seq: 64,
  vocab: 4096,
  dModel: 128,
  heads: 4,
  ffn: 512,
  layers: 2,
  lr: 1e-4,
  weightDecay: 0.01,
  temperature: 0.07,
};

/** Tiny sizes for the plumbing test: two stages (one strided, so a downsample branch exists). */
export const CLIP_TINY: ClipStepConfig = {
  ...CLIP_W3,
  batch: 3,
  imageSize: 8,
  stem: 4,
  widths: [4, 8],
  blocks: [1, 1],
  strides: [1, 2],
  embed: 8,
  seq: 5,
  vocab: 16,
  dModel: 8,
  heads: 2,
  ffn: 16,
  layers: 1,
};

/** One line describing the model, for the table. */
export function describeClip(c: ClipStepConfig): string {
  const res = `ResNet ${c.blocks.join('-')} BasicBlocks, widths ${c.widths.join('/')}, strides ${c.strides.join('/')}, 3×3 stem ${c.stem}`;
  const txt = `${c.layers}-layer encoder d ${c.dModel}, ${c.heads} heads, FFN ${c.ffn}, vocab ${c.vocab}`;
  return `${res} on ${c.batch}×1×${c.imageSize}²; ${txt}, seq ${c.seq}; → ${c.embed}; symmetric InfoNCE; AdamW`;
}

/** Deterministic synthetic batch (host data), identical on every peer. */
export function clipBatch(c: ClipStepConfig): { images: Float32Array; tokens: Int32Array } {
  const images = Float32Array.from({ length: c.batch * c.imageSize * c.imageSize }, (_, i) => Math.sin(i * 0.37 + (i % 97)) * 0.5);
  const tokens = Int32Array.from({ length: c.batch * c.seq }, (_, i) => (i * 7919 + 13) % c.vocab);
  return { images, tokens };
}
