/**
 * Encoders for the head tests: a tiny random conv net (pipeline plumbing, gradient checks)
 * and a parameter-free pooling encoder whose maps are the image averaged at strides 2 and
 * 4 (the oracle cases: the head alone must learn the task).
 */
import * as A from '@prior/autograd';
import { Conv2d, Module, type Parameter } from '@prior/nn';
import { type Generator, type Tensor, zeros } from '@prior/tensor';
import type { Encoder, ImageEncoding, TextEncoding } from '../../src/index.js';

class TinyNet extends Module {
  readonly convs: Conv2d[];
  constructor(inChannels: number, channels: readonly number[], generator: Generator) {
    super();
    let c = inChannels;
    // A stride-2 stem, then one stride-2 conv per map: maps at strides 4, 8, 16, ...
    const widths = [channels[0], ...channels];
    this.convs = widths.map((w, i) => {
      const conv = this.registerModule(`conv${i}`, new Conv2d(c, w, 3, { stride: 2, padding: 1, generator }));
      c = w;
      return conv;
    });
  }
  forward(x: Tensor): Tensor[] {
    let h = A.relu(this.convs[0].forward(x));
    return this.convs.slice(1).map((conv) => (h = A.relu(conv.forward(h))));
  }
}

function textStub(dim: number): Pick<Encoder, 'encodeTexts' | 'similarity'> {
  return {
    encodeTexts: (t): TextEncoding => ({ global: zeros([t.ids.shape[0], dim]) }),
    similarity: (img, txt) => A.matmul(img.global, A.transpose(txt.global)),
  };
}

const tokens = (m: Tensor) => A.reshape(A.permute(m, [0, 2, 3, 1]), [m.shape[0], m.shape[2] * m.shape[3], m.shape[1]]);

/** Random convs: maps of `channels` at strides 4, 8, … (finest first). */
export function tinyEncoder(channels: readonly number[], generator: Generator, name = 'tiny-random'): Encoder & { net: Module } {
  const net = new TinyNet(1, channels, generator);
  const last = channels[channels.length - 1];
  return {
    name,
    net,
    embedDim: last,
    featureChannels: channels,
    featureStrides: channels.map((_, i) => 4 * 2 ** i),
    encodeImages(images: Tensor): ImageEncoding {
      const maps = net.forward(images);
      const regions = tokens(maps[maps.length - 1]);
      return { global: A.mean(regions, 1), regions, featureMaps: maps };
    },
    ...textStub(last),
    imageParameters: (): Parameter[] => net.parameters(),
    train: (mode: boolean) => void net.train(mode),
  };
}

/** The image average-pooled at the given strides (1 channel each); no parameters. */
export function poolingEncoder(strides: readonly number[] = [2, 4]): Encoder {
  return {
    name: 'pooling',
    embedDim: 1,
    featureChannels: strides.map(() => 1),
    featureStrides: strides,
    encodeImages(images: Tensor): ImageEncoding {
      const maps = strides.map((s) => (s === 1 ? images : A.avgPool2d(images, s)));
      const regions = tokens(maps[maps.length - 1]);
      return { global: A.mean(regions, 1), regions, featureMaps: maps };
    },
    ...textStub(1),
    imageParameters: () => [],
    train: () => {},
  };
}
