/**
 * The image decoder of cross-modality conditional reconstruction (shared/PRIOR.md §2.4):
 * the masked region-token map concatenated with the report context of each region
 * (C_I), 2D channels at the feature map's side, decoded by blocks of
 * [nearest ×2 upsample, 2 × (conv 3×3, BatchNorm, ReLU)] with the channels of
 * imageDecoderChannels(D) (halved by each block), then a 3×3 conv to the image's
 * channels. Output and input sizes always agree: the feature map's side is
 * imageSize / outputStride (32 by default; imageSize must be a multiple of it), so
 * log2(outputStride) doublings (5 at 32) restore imageSize at any configured size; the
 * block count is derived from the stride, not hard-coded to 224 px.
 */
import * as A from '@prior/autograd';
import { BatchNorm2d, Conv2d, type FactoryOptions, Module, ModuleList, Upsample } from '@prior/nn';
import { type Tensor, ShapeError } from '@prior/tensor';
import { RESNET_STRIDE, imageDecoderChannels } from '../config/derived.js';
import type { OutputStride } from '../config/types.js';

/** nearest ×2, then conv-BN-ReLU twice. */
export class UpBlock extends Module {
  readonly up: Upsample;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;

  constructor(cin: number, cout: number, opts: FactoryOptions = {}) {
    super();
    this.up = new Upsample({ scaleFactor: 2, mode: 'nearest' });
    this.conv1 = this.registerModule('conv1', new Conv2d(cin, cout, 3, { ...opts, padding: 1, bias: false }));
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(cout, opts));
    this.conv2 = this.registerModule('conv2', new Conv2d(cout, cout, 3, { ...opts, padding: 1, bias: false }));
    this.bn2 = this.registerModule('bn2', new BatchNorm2d(cout, opts));
  }

  forward(x: Tensor): Tensor {
    const h = A.relu(this.bn1.forward(this.conv1.forward(this.up.forward(x))));
    return A.relu(this.bn2.forward(this.conv2.forward(h)));
  }
}

export class ImageDecoder extends Module {
  readonly blocks: ModuleList<UpBlock>;
  readonly head: Conv2d;
  /** Input channels: 2D (masked region tokens ++ report context). */
  readonly inChannels: number;

  constructor(embedDim: number, outChannels: number, opts: FactoryOptions = {}, outputStride: OutputStride = RESNET_STRIDE) {
    super();
    const doublings = Math.log2(outputStride);
    const channels = imageDecoderChannels(embedDim, doublings);
    this.inChannels = channels[0];
    this.blocks = this.registerModule('blocks', new ModuleList(Array.from({ length: doublings }, (_, i) => new UpBlock(channels[i], channels[i + 1], opts))));
    this.head = this.registerModule('head', new Conv2d(channels[doublings], outChannels, 3, { ...opts, padding: 1 }));
  }

  /** regions, context: [B, D, h, w] maps → [B, outChannels, s·h, s·w] (s = outputStride). */
  forward(regions: Tensor, context: Tensor): Tensor {
    let x = A.concat([regions, context], 1);
    if (x.shape[1] !== this.inChannels) throw new ShapeError(`ImageDecoder: regions and context must have ${this.inChannels / 2} channels each, got [${regions.shape.join(', ')}] and [${context.shape.join(', ')}]`);
    for (const b of this.blocks) x = b.forward(x);
    return this.head.forward(x);
  }
}
