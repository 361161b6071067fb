/**
 * The image encoder (shared/PRIOR.md §1): a ResNet on the 1-channel radiograph, its final
 * map as R = h·w region tokens projected to D, and a CLIP-style attention pooling of the
 * map projected to D as the global vector.
 *
 * The reference flattened the NCHW map to [B, R, C] with a bare view, which mixes
 * channels with positions. Here the map is permuted to [B, h, w, C] first, so region
 * token r is the feature vector at row ⌊r / w⌋, column r mod w of the map: a real place
 * in the image (local alignment, heatmaps, segmentation and detection depend on it).
 */
import * as A from '@prior/autograd';
import { AttentionPool2d, BatchNorm1d, type FactoryOptions, Linear, Module, ResNet } from '@prior/nn';
import type { Tensor } from '@prior/tensor';
import type { ImageEncoderConfig } from '../config/types.js';
import { featureMapSide, imageFeatureChannels, resnetLayout, stageStrides } from '../config/derived.js';

export interface ImageFeatures {
  /** [B, C, h, w] the backbone's final map. */
  featureMap: Tensor;
  /** [B, R, D] projected region tokens, row-major over the map. */
  regions: Tensor;
  /** [B, D] attention-pooled global vector (not normalised). */
  global: Tensor;
}

/** [B, C, h, w] → [B, h·w, C]: token r is position (⌊r / w⌋, r mod w). */
export function mapToTokens(map: Tensor): Tensor {
  const [b, c, h, w] = map.shape;
  return A.reshape(A.permute(map, [0, 2, 3, 1]), [b, h * w, c]);
}

/** [B, h·w, C] → [B, C, h, w], the inverse of mapToTokens. */
export function tokensToMap(tokens: Tensor, h: number, w: number): Tensor {
  const [b, , c] = tokens.shape;
  return A.permute(A.reshape(tokens, [b, h, w, c]), [0, 3, 1, 2]);
}

export class ImageEncoder extends Module {
  readonly backbone: ResNet;
  /** Region tokens C → D. */
  readonly regionProj: Linear;
  /** Global vector: attention pooling over the map, its output projection C → D. */
  readonly attnPool: AttentionPool2d;
  /** Non-affine batch normalisation of the global vector (config.globalNorm), or null. */
  readonly globalNorm: BatchNorm1d | null;
  /** C: channels of the final map. */
  readonly channels: number;
  /** h = w: side of the final map. */
  readonly side: number;

  constructor(
    readonly config: ImageEncoderConfig,
    embedDim: number,
    opts: FactoryOptions = {},
    normaliseGlobal = false,
  ) {
    super();
    const layout = resnetLayout(config.depth);
    const w = config.width;
    this.backbone = this.registerModule(
      'backbone',
      new ResNet({ ...opts, block: layout.block, layers: layout.layers, widths: [w, 2 * w, 4 * w, 8 * w], strides: stageStrides(config), inChannels: config.inChannels, numClasses: 0 }),
    );
    this.channels = imageFeatureChannels(config);
    this.side = featureMapSide(config);
    this.regionProj = this.registerModule('region_proj', new Linear(this.channels, embedDim, opts));
    this.attnPool = this.registerModule('attn_pool', new AttentionPool2d(this.side, this.channels, config.poolHeads, embedDim, opts));
    this.globalNorm = this.registerModule('global_norm', normaliseGlobal ? new BatchNorm1d(embedDim, { ...opts, affine: false }) : null);
  }

  /** [B, D] global vector of a final feature map: attention pooling, then globalNorm. */
  globalVector(featureMap: Tensor): Tensor {
    return normalise(this.globalNorm, this.attnPool.forward(featureMap));
  }

  forward(images: Tensor): ImageFeatures {
    const { featureMap } = this.backbone.forward(images);
    return {
      featureMap,
      regions: this.regionProj.forward(mapToTokens(featureMap)),
      global: this.globalVector(featureMap),
    };
  }
}

/** x through `norm` when there is one. */
export function normalise(norm: BatchNorm1d | null, x: Tensor): Tensor {
  return norm ? norm.forward(x) : x;
}
