/** Loss behaviour beyond the PyTorch fixtures: the InfoNCE module, argument errors. */
import { describe, expect, it } from 'vitest';
import { randn, scope, tensor } from '@prior/tensor';
import * as nn from '../../src/index.js';

describe('InfoNCE', () => {
  it('holds a learnable log-scale, initialised to log(1/0.07), under CLIP\'s key', async () => {
    const m = new nn.InfoNCE();
    expect([...m.stateDict().keys()]).toEqual(['logit_scale']);
    expect(m.parameters()).toHaveLength(1);
    expect(await m.logitScale.value.item()).toBeCloseTo(Math.log(1 / 0.07), 6);
    const a = randn([4, 3]);
    const b = randn([4, 3]);
    scope(() => m.forward(a, b).backward());
    expect(m.logitScale.grad).not.toBeNull();
    const f = nn.symmetricInfoNce(a, b, Math.exp(Math.fround(Math.log(1 / 0.07))));
    expect(await m.forward(a, b).item()).toBeCloseTo(await f.item(), 5);
    m.dispose();
  });

  it('a fixed temperature is a buffer; the clamp bounds the scale', async () => {
    const fixed = new nn.InfoNCE({ temperature: 0.5, learnable: false });
    expect(fixed.parameters()).toHaveLength(0);
    expect([...fixed.stateDict().keys()]).toEqual(['logit_scale']);
    const clamped = new nn.InfoNCE({ temperature: 0.001, maxScale: 100 });
    expect(await clamped.scale().item()).toBeCloseTo(100, 3);
    fixed.dispose();
    clamped.dispose();
  });

  it('rejects embeddings of different shapes', () => {
    expect(() => nn.symmetricInfoNce(randn([4, 3]), randn([5, 3]), 1)).toThrow(/must both be \[N, D\], got \[4, 3\] and \[5, 3\]/);
  });
});

describe('argument errors name the loss and the shapes', () => {
  it.each([
    ['mse shape', () => nn.mse(randn([2, 3]), randn([3, 2])), /mse: target shape \[3, 2\] must equal input shape \[2, 3\]/],
    ['reduction', () => nn.l1(randn([2]), randn([2]), { reduction: 'avg' as 'mean' }), /l1: reduction must be one of 'mean', 'sum', 'none', got 'avg'/],
    ['class weights', () => nn.crossEntropy(randn([2, 3]), tensor([0, 1], { dtype: 'int32' }), { weight: randn([4]) }), /weight must have shape \[3\]/],
    ['targets', () => nn.crossEntropy(randn([2, 3]), tensor([0, 1, 2], { dtype: 'int32' }), { weight: randn([3]) }), /target shape \[3\] does not fit input \[2, 3\] \(expected \[2\]\)/],
    ['probability ignore', () => nn.crossEntropy(randn([2, 3]), randn([2, 3]), { ignoreIndex: 1 }), /ignoreIndex is not supported for probability targets/],
    ['bce', () => nn.binaryCrossEntropyWithLogits(randn([2, 3]), randn([2])), /target shape \[2\] must equal input shape \[2, 3\]/],
    ['kl reduction', () => nn.klDiv(randn([2]), randn([2]), { reduction: 'batch' as 'mean' }), /'batchmean'/],
    ['cosine target', () => nn.cosineEmbedding(randn([2, 3]), randn([2, 3]), randn([3])), /target shape \[3\] must be \[2\]/],
    ['smoothL1 beta', () => nn.smoothL1(randn([2]), randn([2]), { beta: -1 }), /beta must be non-negative/],
  ])('%s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });
});
