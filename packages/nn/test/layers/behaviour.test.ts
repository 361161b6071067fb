/** Layer behaviour beyond the PyTorch fixtures: initialisation, dropout, modes and input checks. */
import { describe, expect, it } from 'vitest';
import * as A from '@prior/autograd';
import { Generator, type Tensor, ones, randn, tensor } from '@prior/tensor';
import * as nn from '../../src/index.js';

async function stats(t: Tensor) {
  const d = Array.from(await t.data());
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  return { min: Math.min(...d), max: Math.max(...d), mean, std, d };
}

describe('initialisation (PyTorch defaults, seeded)', () => {
  it('Linear: weight U(±1/√in) (kaiming_uniform a=√5), bias U(±1/√in)', async () => {
    const lin = new nn.Linear(64, 128, { generator: new Generator(1) });
    const w = await stats(lin.weight.value);
    const bound = 1 / 8;
    expect(w.max).toBeLessThanOrEqual(bound);
    expect(w.min).toBeGreaterThanOrEqual(-bound);
    expect(w.std).toBeCloseTo(bound / Math.sqrt(3), 2);
    const b = await stats(lin.bias!.value);
    expect(Math.max(Math.abs(b.max), Math.abs(b.min))).toBeLessThanOrEqual(bound);
    lin.dispose();
  });

  it('Conv2d: fan-in counts in/groups·kh·kw', async () => {
    const c = new nn.Conv2d(8, 16, 3, { groups: 2, generator: new Generator(2) });
    const w = await stats(c.weight.value);
    const bound = 1 / Math.sqrt(4 * 9);
    expect(w.max).toBeLessThanOrEqual(bound);
    expect(w.std).toBeCloseTo(bound / Math.sqrt(3), 2);
    c.dispose();
  });

  it('the same generator seed gives the same weights; skipInit gives zeros', async () => {
    const a = new nn.Linear(5, 4, { generator: new Generator(7) });
    const b = new nn.Linear(5, 4, { generator: new Generator(7) });
    expect(Array.from(await a.weight.value.data())).toEqual(Array.from(await b.weight.value.data()));
    const z = new nn.Linear(5, 4, { skipInit: true });
    expect((await stats(z.weight.value)).d.every((v) => v === 0)).toBe(true);
    for (const m of [a, b, z]) m.dispose();
  });

  it('Embedding: N(0, 1) with the padding row zero; norms start at weight 1, bias 0', async () => {
    const e = new nn.Embedding(200, 50, { paddingIdx: -1, generator: new Generator(3) });
    expect(e.paddingIdx).toBe(199);
    const w = await stats(e.weight.value);
    expect(w.d.slice(199 * 50).every((v) => v === 0)).toBe(true);
    expect(w.std).toBeCloseTo(1, 1);
    const ln = new nn.LayerNorm([4]);
    expect(Array.from(await ln.weight!.value.data())).toEqual([1, 1, 1, 1]);
    expect(Array.from(await ln.bias!.value.data())).toEqual([0, 0, 0, 0]);
    for (const m of [e, ln]) m.dispose();
  });

  it('MultiheadAttention: xavier-uniform in_proj_weight, zero biases', async () => {
    const m = new nn.MultiheadAttention(16, 4, { generator: new Generator(4) });
    const w = await stats(m.inProjWeight!.value);
    expect(w.max).toBeLessThanOrEqual(Math.sqrt(6 / (16 + 48)));
    expect((await stats(m.inProjBias!.value)).d.every((v) => v === 0)).toBe(true);
    expect((await stats(m.outProj.bias!.value)).d.every((v) => v === 0)).toBe(true);
    m.dispose();
  });

  it('init functions: kaiming normal (fan_out, relu) and xavier', async () => {
    const k = await stats(nn.init.kaimingNormal([64, 32, 3, 3], { mode: 'fan_out', nonlinearity: 'relu' }, { generator: new Generator(5) }));
    expect(k.std).toBeCloseTo(Math.sqrt(2 / (64 * 9)), 2);
    expect(nn.init.calculateGain('tanh')).toBeCloseTo(5 / 3);
    expect(nn.init.fanInAndFanOut([3, 4, 5, 5])).toEqual({ fanIn: 100, fanOut: 75 });
  });
});

describe('dropout', () => {
  it('Dropout zeroes about p of the elements, scales the rest by 1/(1−p), and is the identity in eval', async () => {
    const d = new nn.Dropout(0.25, { generator: new Generator(9) });
    const x = ones([100, 100]);
    const y = await stats(d.forward(x));
    const zeros = y.d.filter((v) => v === 0).length / y.d.length;
    expect(zeros).toBeGreaterThan(0.22);
    expect(zeros).toBeLessThan(0.28);
    expect(y.d.filter((v) => v !== 0).every((v) => Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    d.eval();
    expect(d.forward(x)).toBe(x);
  });

  it('Dropout2d drops whole channels and passes gradients through the kept ones', async () => {
    const d = new nn.Dropout2d(0.5, { generator: new Generator(10) });
    const x = ones([4, 8, 3, 3]);
    x.requiresGrad = true;
    const y = d.forward(x);
    const v = Array.from(await y.data());
    for (let c = 0; c < 32; c++) {
      const plane = v.slice(c * 9, c * 9 + 9);
      expect(plane.every((e) => e === plane[0])).toBe(true);
      expect([0, 2]).toContain(plane[0]);
    }
    A.sum(y).backward();
    expect(Array.from(await x.grad!.data())).toEqual(v);
    expect(() => d.forward(ones([2, 3]))).toThrow(/Dropout2d: input must be/);
  });
});

describe('modes and checks', () => {
  it('BatchNorm2d without running statistics always uses the batch', async () => {
    const bn = new nn.BatchNorm2d(2, { trackRunningStats: false, affine: false });
    expect([...bn.stateDict().keys()]).toEqual([]);
    bn.eval();
    const y = await stats(bn.forward(randn([4, 2, 3, 3], { generator: new Generator(1) })));
    expect(Math.abs(y.mean)).toBeLessThan(1e-5);
  });

  it('BatchNorm counts batches on the device (num_batches_tracked)', async () => {
    const bn = new nn.BatchNorm1d(3);
    for (let i = 0; i < 3; i++) bn.forward(randn([4, 3], { generator: new Generator(i) }));
    expect(await bn.numBatchesTracked!.value.item()).toBe(3);
    bn.eval();
    bn.forward(randn([4, 3]));
    expect(await bn.numBatchesTracked!.value.item()).toBe(3);
  });

  it('layers name the input and the expected shape', () => {
    expect(() => new nn.Linear(3, 2).forward(ones([2, 4]))).toThrow(/Linear: input must be \[\.\.\., 3\], got \[2, 4\]/);
    expect(() => new nn.Conv2d(3, 2, 3).forward(ones([1, 2, 5, 5]))).toThrow(/Conv2d: input must be \[N, 3, H, W\]/);
    expect(() => new nn.Conv2d(3, 2, 3, { groups: 2 })).toThrow(/divisible by groups 2/);
    expect(() => new nn.BatchNorm2d(3).forward(ones([2, 3]))).toThrow(/BatchNorm2d: input must be \[N, 3, \.\.\., \.\.\.\]/);
    expect(() => new nn.Embedding(4, 2).forward(ones([2]))).toThrow(/int32/);
    expect(() => new nn.Upsample({ size: 4, scaleFactor: 2 })).toThrow(/exactly one/);
    expect(() => new nn.GroupNorm(3, 4)).toThrow(/divisible/);
  });

  it('pooling accepts unbatched [C, H, W]; Conv2d "same" keeps the size', () => {
    expect(new nn.MaxPool2d(2).forward(ones([3, 4, 4])).shape).toEqual([3, 2, 2]);
    expect(new nn.Conv2d(1, 1, 3, { padding: 'same', dilation: 2 }).forward(ones([1, 1, 7, 6])).shape).toEqual([1, 1, 7, 6]);
    expect(new nn.AdaptiveAvgPool2d(1).forward(ones([2, 3, 5, 5])).shape).toEqual([2, 3, 1, 1]);
  });

  it('ConvTranspose2d inverts Conv2d shapes', () => {
    const up = new nn.ConvTranspose2d(4, 2, 4, { stride: 2, padding: 1 });
    expect(up.forward(ones([1, 4, 5, 6])).shape).toEqual([1, 2, 10, 12]);
    expect(() => new nn.ConvTranspose2d(2, 2, 3, { outputPadding: 1 })).toThrow(/outputPadding/);
  });

  it('GELU tanh approximation is close to the exact one', async () => {
    const x = tensor([-3, -1, -0.1, 0, 0.5, 2]);
    const a = await new nn.GELU().forward(x).data();
    const b = await new nn.GELU('tanh').forward(x).data();
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-3));
  });
});
