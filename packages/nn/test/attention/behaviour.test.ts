/** MultiheadAttention and Transformer layers: mask conventions, weights, unbatched inputs, stacking. */
import { describe, expect, it } from 'vitest';
import { Generator, type Tensor, randn, tensor } from '@prior/tensor';
import * as nn from '../../src/index.js';

async function maxDiff(a: Tensor, b: Tensor) {
  const [x, y] = [await a.data(), await b.data()];
  return Math.max(...Array.from(x, (v, i) => Math.abs(v - y[i])));
}

describe('MultiheadAttention', () => {
  const g = new Generator(1);
  const mha = new nn.MultiheadAttention(8, 2, { batchFirst: true, generator: g });
  mha.eval();
  const x = randn([2, 5, 8], { generator: g });

  it('isCausal equals an explicit bool mask (true = may not attend), fused or not', async () => {
    const causal = tensor(Array.from({ length: 25 }, (_, k) => Math.floor(k / 5) < k % 5), { shape: [5, 5], dtype: 'bool' });
    const a = mha.forward(x, x, x, { isCausal: true, needWeights: false }).output;
    const b = mha.forward(x, x, x, { attnMask: causal });
    expect(await maxDiff(a, b.output)).toBeLessThan(1e-5);
    // First query sees only the first key.
    const w = Array.from(await b.weights!.data());
    expect(w.slice(0, 5).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1, 0, 0, 0, 0]);
  });

  it('weights: rows sum to 1, averaged [B, L, S] or per head [B, H, L, S]; padded keys get 0', async () => {
    const kpm = tensor([[false, false, false, true, true], [false, false, false, false, false]]);
    const avg = mha.forward(x, x, x, { keyPaddingMask: kpm }).weights!;
    const per = mha.forward(x, x, x, { keyPaddingMask: kpm, averageAttnWeights: false }).weights!;
    expect(avg.shape).toEqual([2, 5, 5]);
    expect(per.shape).toEqual([2, 2, 5, 5]);
    const w = Array.from(await avg.data());
    for (let r = 0; r < 10; r++) expect(w.slice(r * 5, r * 5 + 5).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    expect(w[3]).toBe(0);
    expect(w[4]).toBe(0);
  });

  it('unbatched [L, E] input equals a batch of one', async () => {
    const one = x.select(0, 0);
    const u = mha.forward(one, one, one).output;
    const b = mha.forward(x, x, x).output.select(0, 0);
    expect(u.shape).toEqual([5, 8]);
    expect(await maxDiff(u, b)).toBeLessThan(1e-6);
  });

  it('checks mask and input shapes', () => {
    expect(() => mha.forward(x, x, x, { attnMask: tensor([[true]]) })).toThrow(/attnMask must be \[5, 5\] or \[4, 5, 5\]/);
    expect(() => mha.forward(x, randn([2, 5, 4]), x)).toThrow(/key must end in 8 features/);
    expect(() => new nn.MultiheadAttention(10, 3)).toThrow(/divisible/);
  });

  it('attention dropout acts in training only, reproducibly from its generator', async () => {
    const run = async (train: boolean) => {
      const m = new nn.MultiheadAttention(8, 2, { batchFirst: true, dropout: 0.5, generator: new Generator(3) });
      m.train(train);
      const r = m.forward(x, x, x, { needWeights: false }).output;
      return { m, r };
    };
    const a = await run(true);
    const b = await run(true);
    const c = await run(false);
    expect(await maxDiff(a.r, b.r)).toBe(0);
    expect(await maxDiff(a.r, c.r)).toBeGreaterThan(1e-3);
  });
});

describe('Transformer layers', () => {
  it('TransformerEncoder stacks layers with PyTorch key names and a final norm', () => {
    const enc = new nn.TransformerEncoder(() => new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true }), 2, new nn.LayerNorm(8));
    const keys = [...enc.stateDict().keys()];
    expect(keys.slice(0, 12)).toEqual([
      'layers.0.self_attn.in_proj_weight',
      'layers.0.self_attn.in_proj_bias',
      'layers.0.self_attn.out_proj.weight',
      'layers.0.self_attn.out_proj.bias',
      'layers.0.linear1.weight',
      'layers.0.linear1.bias',
      'layers.0.linear2.weight',
      'layers.0.linear2.bias',
      'layers.0.norm1.weight',
      'layers.0.norm1.bias',
      'layers.0.norm2.weight',
      'layers.0.norm2.bias',
    ]);
    expect(keys.slice(-2)).toEqual(['norm.weight', 'norm.bias']);
    enc.eval();
    expect(enc.forward(randn([3, 4, 8])).shape).toEqual([3, 4, 8]);
    enc.dispose();
  });

  it('the decoder layer has self- and cross-attention (multihead_attn) and three norms', () => {
    const dec = new nn.TransformerDecoderLayer(8, 2, { dimFeedforward: 16 });
    const keys = [...dec.stateDict().keys()];
    expect(keys.filter((k) => k.startsWith('multihead_attn.'))).toHaveLength(4);
    expect(keys.filter((k) => k.startsWith('norm'))).toEqual(['norm1.weight', 'norm1.bias', 'norm2.weight', 'norm2.bias', 'norm3.weight', 'norm3.bias']);
    dec.eval();
    // Sequence-first by default: tgt [L, B, E], memory [S, B, E].
    expect(dec.forward(randn([3, 2, 8]), randn([6, 2, 8]), { tgtIsCausal: true }).shape).toEqual([3, 2, 8]);
    dec.dispose();
  });
});
