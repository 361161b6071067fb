/** torch.nn.TransformerEncoder: N encoder layers (keys layers.0.…) and an optional final norm. */
import type { Tensor } from '@prior/tensor';
import { ModuleList } from '../module/containers.js';
import { Module } from '../module/module.js';
import type { LayerNorm } from '../layers/layer-norm.js';
import type { EncoderCallOptions, TransformerEncoderLayer } from './transformer-layers.js';

export class TransformerEncoder extends Module {
  readonly layers: ModuleList<TransformerEncoderLayer>;
  readonly norm: LayerNorm | null;

  /** `makeLayer(i)` builds each layer (PyTorch deep-copies one; here each gets its own init). */
  constructor(makeLayer: (i: number) => TransformerEncoderLayer, numLayers: number, norm: LayerNorm | null = null) {
    super();
    this.layers = this.registerModule('layers', new ModuleList(Array.from({ length: numLayers }, (_, i) => makeLayer(i))));
    this.norm = this.registerModule('norm', norm);
  }

  forward(src: Tensor, opts: EncoderCallOptions = {}): Tensor {
    let x = src;
    for (const layer of this.layers) x = layer.forward(x, opts);
    return this.norm ? this.norm.forward(x) : x;
  }
}
