/** Model options beyond the fixtures: ResNet's configurable stem and stages, BERT's defaults. */
import { describe, expect, it } from 'vitest';
import { Generator, type Tensor, randn, tensor } from '@prior/tensor';
import * as nn from '../../src/index.js';

async function maxDiff(a: Tensor, b: Tensor) {
  const [x, y] = [await a.data(), await b.data()];
  return Math.max(...Array.from(x, (v, i) => Math.abs(v - y[i])));
}

describe('ResNet', () => {
  it('a 3x3 stem without max pool, custom widths and strides (the benchmark tower)', () => {
    const m = new nn.ResNet({ layers: [2, 2, 2, 2], widths: [32, 64, 128, 256], strides: [1, 2, 2, 2], stemKernel: 3, stemStride: 1, stemPool: false, inChannels: 1, numClasses: 0 });
    expect([...m.conv1.weight.shape]).toEqual([32, 1, 3, 3]);
    const r = m.forward(randn([1, 1, 16, 16], { generator: new Generator(1) }));
    expect(r.featureMap.shape).toEqual([1, 256, 2, 2]);
    expect(r.pooled.shape).toEqual([1, 256]);
    expect(r.logits).toBeNull();
    expect(m.outChannels).toBe(256);
    m.dispose();
  });

  it('zeroInitResidual zeroes the last norm of each block; input channels are checked', async () => {
    const m = new nn.ResNet({ block: 'bottleneck', layers: [1, 1], widths: [4, 8], zeroInitResidual: true, numClasses: 3 });
    const sd = m.stateDict();
    expect(Array.from(await sd.get('layer1.0.bn3.weight')!.data()).every((v) => v === 0)).toBe(true);
    expect(() => m.forward(randn([1, 1, 8, 8]))).toThrow(/ResNet: input must be \[N, 3, H, W\]/);
    m.dispose();
  });
});

describe('BertModel', () => {
  const config = { vocabSize: 20, hiddenSize: 8, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 16, maxPositionEmbeddings: 10 };

  it('no token types = zeros, no mask = all ones; HF init N(0, 0.02) with a zero padding row', async () => {
    const m = new nn.BertModel(config, { generator: new Generator(2) });
    m.eval();
    const ids = tensor([[1, 5, 7, 2]], { dtype: 'int32' });
    const a = m.forward(ids).lastHiddenState;
    const b = m.forward(ids, { tokenTypeIds: tensor([[0, 0, 0, 0]], { dtype: 'int32' }), attentionMask: tensor([[1, 1, 1, 1]], { dtype: 'int32' }) }).lastHiddenState;
    expect(await maxDiff(a, b)).toBeLessThan(1e-6);
    const w = Array.from(await m.embeddings.wordEmbeddings.weight.value.data());
    expect(w.slice(0, 8).every((v) => v === 0)).toBe(true);
    const std = Math.sqrt(w.slice(8).reduce((s, v) => s + v * v, 0) / (w.length - 8));
    expect(std).toBeGreaterThan(0.015);
    expect(std).toBeLessThan(0.025);
    m.dispose();
  });

  it('padding tokens do not change the real tokens; too-long inputs are refused', async () => {
    const m = new nn.BertModel(config, { generator: new Generator(3) });
    m.eval();
    const short = m.forward(tensor([[1, 5, 7]], { dtype: 'int32' })).lastHiddenState;
    const padded = m.forward(tensor([[1, 5, 7, 0, 0]], { dtype: 'int32' }), { attentionMask: tensor([[1, 1, 1, 0, 0]], { dtype: 'int32' }) }).lastHiddenState;
    expect(await maxDiff(short, padded.narrow(1, 0, 3))).toBeLessThan(1e-5);
    expect(() => m.forward(tensor([Array(11).fill(1)], { dtype: 'int32' }))).toThrow(/exceeds maxPositionEmbeddings 10/);
    m.dispose();
  });
});
