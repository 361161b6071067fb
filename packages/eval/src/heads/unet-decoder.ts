/**
 * A U-Net decoder on an encoder's feature maps (finest first, as `Encoder.featureMaps`).
 *
 * Top-down: the coarsest map goes through a conv block; at each finer map the running
 * features are upsampled (bilinear) to that map's size, concatenated with it (the skip
 * connection) and mixed by a conv block. The encoder has no map finer than its first
 * stride, so from there ×2 upsampling blocks without skips continue until stride 1 (or
 * `maxUpBlocks` of them), then a 1×1 conv gives the logits, resized bilinearly to the
 * image when a stride is not a power of two. An encoder with a single map gets no skips
 * at all: the decoder is then just that upsampling path from the one map.
 *
 * Upsampling goes to the skip map's actual size rather than ×stride ratio, because a
 * strided convolution may round an odd size either way.
 */
import * as A from '@prior/autograd';
import { Conv2d, type FactoryOptions, Module, ModuleList } from '@prior/nn';
import { ShapeError, type Tensor } from '@prior/tensor';
import { ConvNormRelu, type NormKind } from './conv-block.js';

export interface UNetDecoderOptions extends FactoryOptions {
  /** C_i of each encoder map, finest first. */
  featureChannels: readonly number[];
  /** Stride of each map, finest first (increasing). */
  featureStrides: readonly number[];
  /** Decoder width at each map's level, finest first (default min(C_i, 64)). */
  widths?: readonly number[];
  /** Output channels (1 for a binary mask). */
  outChannels?: number;
  /** At most this many ×2 blocks below the finest map's stride (default: all the way to stride 1). */
  maxUpBlocks?: number;
  /** Normalisation in the blocks (default batch, as U-Net). */
  norm?: NormKind;
}

export class UNetDecoder extends Module {
  readonly center: ConvNormRelu;
  /** blocks[i] merges level i+1's features with map i (finest first). */
  readonly blocks: ModuleList<ConvNormRelu>;
  readonly upBlocks: ModuleList<ConvNormRelu>;
  readonly head: Conv2d;
  readonly widths: readonly number[];
  /** Decoder output stride before the final resize (1 when strides are powers of two). */
  readonly outputStride: number;

  constructor(readonly opts: UNetDecoderOptions) {
    super();
    const { featureChannels: ch, featureStrides: st } = opts;
    const n = ch.length;
    if (n === 0 || st.length !== n) throw new ShapeError(`UNetDecoder: featureChannels [${ch}] and featureStrides [${st}] must be non-empty and the same length`);
    if (st.some((s, i) => !(s >= 1) || (i > 0 && s <= st[i - 1]))) throw new ShapeError(`UNetDecoder: featureStrides [${st}] must increase from the finest map`);
    const widths = opts.widths ?? ch.map((c) => Math.min(c, 64));
    if (widths.length !== n) throw new ShapeError(`UNetDecoder: widths [${widths}] needs one entry per feature map (${n})`);
    this.widths = widths;
    const norm = opts.norm ?? 'batch';
    this.center = this.registerModule('center', new ConvNormRelu(ch[n - 1], widths[n - 1], norm, opts));
    this.blocks = this.registerModule('blocks', new ModuleList<ConvNormRelu>());
    for (let i = 0; i < n - 1; i++) this.blocks.append(new ConvNormRelu(widths[i + 1] + ch[i], widths[i], norm, opts));
    this.upBlocks = this.registerModule('up_blocks', new ModuleList<ConvNormRelu>());
    let stride = st[0];
    let w = widths[0];
    const maxUp = opts.maxUpBlocks ?? Infinity;
    for (let k = 0; k < maxUp && stride >= 2; k++, stride /= 2) {
      const next = Math.max(Math.min(w, 8), Math.floor(w / 2));
      this.upBlocks.append(new ConvNormRelu(w, next, norm, opts));
      w = next;
    }
    this.outputStride = stride;
    this.head = this.registerModule('head', new Conv2d(w, opts.outChannels ?? 1, 1, opts));
  }

  /** Logits [B, outChannels, H, W] for images of size `imageSize` = [H, W]. */
  forward(featureMaps: readonly Tensor[], imageSize: readonly [number, number]): Tensor {
    const ch = this.opts.featureChannels;
    if (featureMaps.length !== ch.length) throw new ShapeError(`UNetDecoder: expected ${ch.length} feature maps, got ${featureMaps.length}`);
    featureMaps.forEach((m, i) => {
      if (m.rank !== 4 || m.shape[1] !== ch[i] || m.shape[0] !== featureMaps[0].shape[0]) {
        throw new ShapeError(`UNetDecoder: featureMaps[${i}] must be [B, ${ch[i]}, h, w], got [${m.shape.join(', ')}]`);
      }
    });
    let x = this.center.forward(featureMaps[ch.length - 1]);
    for (let i = ch.length - 2; i >= 0; i--) {
      const skip = featureMaps[i];
      const up = A.upsample(x, { size: [skip.shape[2], skip.shape[3]], mode: 'bilinear' });
      x = this.blocks.at(i).forward(A.concat([up, skip], 1));
    }
    for (const block of this.upBlocks) x = block.forward(A.upsample(x, { scaleFactor: 2, mode: 'bilinear' }));
    const logits = this.head.forward(x);
    const [h, w] = imageSize;
    return logits.shape[2] === h && logits.shape[3] === w ? logits : A.upsample(logits, { size: [h, w], mode: 'bilinear' });
  }
}
