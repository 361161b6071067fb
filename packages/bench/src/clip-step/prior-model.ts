/**
 * W3's model with @prior/nn modules: ResNet image tower and Transformer text tower, each
 * ending in a Linear to the joint width, and CLIP's InfoNCE with a learnable log-scale.
 */
import * as A from '@prior/autograd';
import { Embedding, InfoNCE, Linear, Module, ResNet, TransformerEncoder, TransformerEncoderLayer } from '@prior/nn';
import type { Device, Tensor } from '@prior/tensor';
import type { ClipStepConfig } from './spec.js';

export class PriorClipModel extends Module {
  readonly image: ResNet;
  readonly imageProj: Linear;
  readonly tokenEmbed: Embedding;
  readonly posEmbed: Embedding;
  readonly text: TransformerEncoder;
  readonly textProj: Linear;
  readonly loss: InfoNCE;

  constructor(
    readonly c: ClipStepConfig,
    device: Device,
  ) {
    super();
    const f = { device };
    this.image = this.registerModule(
      'image',
      new ResNet({
        ...f,
        block: 'basic',
        layers: c.blocks,
        widths: c.widths,
        strides: c.strides,
        inChannels: 1,
        numClasses: 0,
        stemChannels: c.stem,
        stemKernel: 3,
        stemStride: 1,
        stemPool: false,
      }),
    );
    this.imageProj = this.registerModule('image_proj', new Linear(this.image.outChannels, c.embed, f));
    this.tokenEmbed = this.registerModule('token_embed', new Embedding(c.vocab, c.dModel, f));
    this.posEmbed = this.registerModule('pos_embed', new Embedding(c.seq, c.dModel, f));
    const layer = () => new TransformerEncoderLayer(c.dModel, c.heads, { ...f, dimFeedforward: c.ffn, dropout: 0, batchFirst: true });
    this.text = this.registerModule('text', new TransformerEncoder(layer, c.layers));
    this.textProj = this.registerModule('text_proj', new Linear(c.dModel, c.embed, f));
    this.loss = this.registerModule('loss', new InfoNCE({ ...f, temperature: c.temperature }));
  }

  /** images [B, 1, S, S] float32, tokens [B, L] int32, positions [L] int32 → scalar loss. */
  forward(images: Tensor, tokens: Tensor, positions: Tensor): Tensor {
    const img = this.imageProj.forward(this.image.forward(images).pooled);
    const h = this.text.forward(A.add(this.tokenEmbed.forward(tokens), this.posEmbed.forward(positions)));
    const txt = this.textProj.forward(A.mean(h, 1));
    return this.loss.forward(img, txt);
  }
}
