/** U-Net decoder: output shapes over feature-map layouts, and where gradients go. */
import * as A from '@prior/autograd';
import { describe, expect, it } from 'vitest';
import { Generator, randn, scope } from '@prior/tensor';
import { FeatureSource, UNetDecoder, diceBceLoss } from '../../src/index.js';
import { tinyEncoder } from './encoders.js';

const maps = (b: number, layout: [number, number, number][], g: Generator) => layout.map(([c, h, w]) => randn([b, c, h, w], { generator: g, device: 'cpu' }));

describe('UNetDecoder', () => {
  const cases: { name: string; channels: number[]; strides: number[]; image: [number, number]; sizes: [number, number][]; maxUp?: number; out?: number }[] = [
    { name: 'ResNet-like strides 4..32', channels: [8, 16, 32, 64], strides: [4, 8, 16, 32], image: [64, 64], sizes: [[16, 16], [8, 8], [4, 4], [2, 2]] },
    { name: 'odd image side (ceil-rounded maps)', channels: [4, 8], strides: [4, 8], image: [30, 30], sizes: [[8, 8], [4, 4]] },
    { name: 'one map only (no skips)', channels: [12], strides: [8], image: [32, 32], sizes: [[4, 4]] },
    { name: 'stride-1 finest map, rectangular', channels: [3, 6], strides: [1, 2], image: [12, 20], sizes: [[12, 20], [6, 10]], out: 2 },
    { name: 'capped upsampling, then resized', channels: [4, 8], strides: [4, 8], image: [32, 32], sizes: [[8, 8], [4, 4]], maxUp: 0 },
    { name: 'non power-of-two strides', channels: [4, 4], strides: [3, 6], image: [24, 24], sizes: [[8, 8], [4, 4]] },
  ];
  for (const c of cases) {
    it(`logits at image size: ${c.name}`, () => {
      scope(() => {
        const g = new Generator(1);
        const dec = new UNetDecoder({ featureChannels: c.channels, featureStrides: c.strides, widths: c.channels.map(() => 4), outChannels: c.out, maxUpBlocks: c.maxUp, generator: g, device: 'cpu' });
        const y = dec.forward(maps(2, c.sizes.map(([h, w], i) => [c.channels[i], h, w]), g), c.image);
        expect(y.shape).toEqual([2, c.out ?? 1, ...c.image]);
        if (c.name.startsWith('one map')) expect(dec.blocks.length).toBe(0);
        if (c.maxUp === 0) expect(dec.outputStride).toBe(4);
      });
    });
  }

  it('rejects maps that do not match the declared layout', () => {
    const dec = new UNetDecoder({ featureChannels: [4, 8], featureStrides: [4, 8], device: 'cpu' });
    const g = new Generator(0);
    expect(() => dec.forward(maps(1, [[4, 8, 8]], g), [32, 32])).toThrow(/expected 2 feature maps/);
    expect(() => dec.forward(maps(1, [[4, 8, 8], [5, 4, 4]], g), [32, 32])).toThrow(/featureMaps\[1\] must be \[B, 8, h, w\]/);
    expect(() => new UNetDecoder({ featureChannels: [4, 8], featureStrides: [8, 4] })).toThrow(/increase/);
  });

  it('gradients reach every decoder parameter; a frozen encoder gets none, a fine-tuned one does', async () => {
    const g = new Generator(3);
    const enc = tinyEncoder([4, 8], g);
    const pixels = Array.from({ length: 2 }, (_, i) => Float32Array.from({ length: 32 * 32 }, (_, p) => Math.sin(p * 0.1 + i)));
    const pre = { size: 32, channels: 1, mean: 0, std: 1 };
    const target = A.cast(A.gt(randn([2, 1, 32, 32], { generator: g, device: 'cpu' }), 0), 'float32');
    for (const mode of ['frozen', 'fine-tune'] as const) {
      const dec = new UNetDecoder({ featureChannels: enc.featureChannels, featureStrides: enc.featureStrides, widths: [4, 4], generator: g, device: 'cpu' });
      const src = new FeatureSource(enc, pixels, pre, mode, { device: 'cpu' });
      await src.prepare();
      scope(() => A.backward(diceBceLoss(dec.forward(src.maps([0, 1], true), [32, 32]), target)));
      for (const [name, p] of dec.namedParameters()) expect(p.grad, `decoder ${name}`).not.toBeNull();
      for (const p of enc.imageParameters()) expect(p.grad === null).toBe(mode === 'frozen');
      dec.zeroGrad();
      enc.net.zeroGrad();
    }
  });
});
