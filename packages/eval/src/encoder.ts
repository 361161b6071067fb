/**
 * The encoder interface: what any image/text model implements to be evaluated, so PRIOR,
 * a randomly initialised network and every ablation (global-only ConVIRT/CLIP-style, no
 * LAM, no prototypes, no reconstruction) run through the same task code.
 *
 * Tensors follow the engine's conventions (`@prior/tensor`, float32, any backend):
 *   encodeImages(images [B, C, H, W], normalised)  → ImageEncoding
 *     global       [B, D]            one vector per image (projected, not normalised)
 *     regions      [B, R, D]         region tokens, R = h·w of the last map in row-major
 *                                    order, so token r is a real place (heatmaps, LAM)
 *     featureMaps  [B, C_i, H_i, W_i] backbone stages, finest first (the U-Net decoder's
 *                                    skips and the detector's pyramid); channels and strides
 *                                    are declared up front in featureChannels/featureStrides
 *   encodeTexts(TextBatch)                        → TextEncoding
 *     global       [B, D]            one vector per text (report, sentence or prompt)
 *     locals       [B, S, D]         optional: sentence (or token) vectors, with localMask [B, S]
 *   similarity(ImageEncoding, TextEncoding)      → [B_img, B_txt] global scores
 *     (PRIOR: temperature × cosine); retrieval ranks by it, zero-shot softmaxes it.
 *   localAttention?(ImageEncoding, TextEncoding) → [B_img, B_txt] local scores
 *     (PRIOR: mean LAM attention between the image regions and the text); zero-shot adds
 *     0.5 × its softmax when present. Global-only baselines leave it out.
 *   regionAttention?(ImageEncoding, TextEncoding) → [B, S, R] for B paired images and
 *     texts: how much sentence s of text b attends to region r of image b (PRIOR: LAM's
 *     sentence→region attention); the report's local-alignment heatmaps draw it.
 *
 * Encoding runs forward only unless the caller records gradients: full fine-tuning
 * trains `imageParameters()` through `encodeImages`; the linear probe never does.
 * `train(mode)` toggles batch-norm/dropout behaviour; the harness calls `train(false)`
 * before frozen evaluation. The caller owns and disposes every returned tensor.
 */
import type { Tensor } from '@prior/tensor';
import type { Parameter } from '@prior/nn';

/** Tokenised texts, as `BertTokenizer.encode` from @prior/datasets produces them, batched. */
export interface TextBatch {
  /** Token ids [B, T], int32. */
  ids: Tensor;
  /** 1 for real tokens (specials included), 0 for padding, [B, T]. */
  attentionMask: Tensor;
  /** Sentence of each token, −1 for [CLS]/[SEP]/padding, [B, T] (sentence pooling needs it). */
  sentenceIndex?: Tensor;
  /** Sentences per text (host side), for encoders that pool sentences (PRIOR needs it with sentenceIndex). */
  sentenceCounts?: readonly number[];
  /** The raw texts, for reports and for encoders that tokenise themselves. */
  texts?: readonly string[];
}

export interface ImageEncoding {
  global: Tensor;
  regions: Tensor;
  featureMaps: readonly Tensor[];
}

export interface TextEncoding {
  global: Tensor;
  locals?: Tensor;
  localMask?: Tensor;
}

export interface Encoder {
  /** Row label in the result tables, e.g. `PRIOR`, `random init`, `PRIOR w/o LAM`. */
  readonly name: string;
  /** D, the width of global and region/local vectors. */
  readonly embedDim: number;
  /** C_i of each feature map, finest first. */
  readonly featureChannels: readonly number[];
  /** Input pixels per feature-map cell for each map (e.g. 4, 8, 16, 32). */
  readonly featureStrides: readonly number[];
  encodeImages(images: Tensor): ImageEncoding;
  encodeTexts(texts: TextBatch): TextEncoding;
  similarity(images: ImageEncoding, texts: TextEncoding): Tensor;
  localAttention?(images: ImageEncoding, texts: TextEncoding): Tensor;
  regionAttention?(images: ImageEncoding, texts: TextEncoding): Tensor;
  /** Parameters of the image side (backbone and projections), for full fine-tuning. */
  imageParameters(): Parameter[];
  train(mode: boolean): void;
}

/** An encoder broke the interface: a tensor of the wrong shape, or a missing feature map. */
export class EncoderContractError extends Error {
  override name = 'EncoderContractError';
  constructor(encoder: string, what: string, expected: string, got: string) {
    super(`encoder ${JSON.stringify(encoder)}: ${what} must be ${expected}, got ${got}`);
  }
}

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * Checks one image encoding against the declared sizes, naming the field at fault, so a
 * task fails at its first batch instead of inside a decoder. Returns R (region count).
 */
export function checkImageEncoding(encoder: Encoder, images: Tensor, enc: ImageEncoding): number {
  const [b, , h, w] = images.shape;
  const d = encoder.embedDim;
  const fail = (what: string, expected: string, got: Tensor) => new EncoderContractError(encoder.name, what, expected, shapeText(got.shape));
  if (enc.global.ndim !== 2 || enc.global.shape[0] !== b || enc.global.shape[1] !== d) throw fail('global', `[${b}, ${d}]`, enc.global);
  if (enc.regions.ndim !== 3 || enc.regions.shape[0] !== b || enc.regions.shape[2] !== d || enc.regions.shape[1] < 1) throw fail('regions', `[${b}, R, ${d}]`, enc.regions);
  const n = encoder.featureChannels.length;
  if (encoder.featureStrides.length !== n) throw new EncoderContractError(encoder.name, 'featureStrides', `${n} entries like featureChannels`, String(encoder.featureStrides.length));
  if (enc.featureMaps.length !== n) throw new EncoderContractError(encoder.name, 'featureMaps', `${n} maps`, `${enc.featureMaps.length}`);
  enc.featureMaps.forEach((m, i) => {
    const s = encoder.featureStrides[i];
    const want = [b, encoder.featureChannels[i], Math.ceil(h / s), Math.ceil(w / s)];
    // Strided convolutions round sizes either way; accept floor or ceil of H/stride.
    const ok = m.ndim === 4 && m.shape[0] === b && m.shape[1] === want[1] && Math.abs(m.shape[2] - h / s) < 1 && Math.abs(m.shape[3] - w / s) < 1;
    if (!ok) throw fail(`featureMaps[${i}]`, `about ${shapeText(want)} (stride ${s})`, m);
  });
  return enc.regions.shape[1];
}

/** Checks a text encoding for a batch of `b` texts. */
export function checkTextEncoding(encoder: Encoder, b: number, enc: TextEncoding): void {
  const d = encoder.embedDim;
  if (enc.global.ndim !== 2 || enc.global.shape[0] !== b || enc.global.shape[1] !== d) {
    throw new EncoderContractError(encoder.name, 'text global', `[${b}, ${d}]`, shapeText(enc.global.shape));
  }
  if (enc.locals && (enc.locals.ndim !== 3 || enc.locals.shape[0] !== b || enc.locals.shape[2] !== d)) {
    throw new EncoderContractError(encoder.name, 'text locals', `[${b}, S, ${d}]`, shapeText(enc.locals.shape));
  }
  if (enc.locals && enc.localMask && (enc.localMask.shape[0] !== b || enc.localMask.shape[1] !== enc.locals.shape[1])) {
    throw new EncoderContractError(encoder.name, 'text localMask', `[${b}, ${enc.locals.shape[1]}]`, shapeText(enc.localMask.shape));
  }
}

/** Checks an image–text score matrix ([B_img, B_txt]) from `similarity` or `localAttention`. */
export function checkScores(encoder: Encoder, what: 'similarity' | 'localAttention', bImg: number, bTxt: number, scores: Tensor): void {
  if (scores.ndim !== 2 || scores.shape[0] !== bImg || scores.shape[1] !== bTxt) {
    throw new EncoderContractError(encoder.name, what, `[${bImg}, ${bTxt}]`, shapeText(scores.shape));
  }
}
