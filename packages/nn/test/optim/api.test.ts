/** Optimiser behaviour beyond the PyTorch fixtures: groups, skipping, state dicts, validation. */
import { describe, expect, it } from 'vitest';
import { tensor } from '@prior/tensor';
import * as nn from '../../src/index.js';

const param = (v: number[]) => new nn.Parameter(tensor(v));

describe('optimisers', () => {
  it('skip parameters without a gradient and leave them untouched', async () => {
    const [a, b] = [param([1, 2]), param([3])];
    const opt = new nn.SGD([a, b], { lr: 0.5 });
    a.grad = tensor([1, 1]);
    opt.step();
    expect(Array.from(await a.value.data())).toEqual([0.5, 1.5]);
    expect(Array.from(await b.value.data())).toEqual([3]);
    expect(opt.stateDict().state.size).toBe(0); // plain SGD keeps no state
    opt.zeroGrad();
    expect(a.grad).toBeNull();
    a.dispose();
    b.dispose();
  });

  it('group options override the defaults; schedulers may change lr per group', () => {
    const [a, b] = [param([1]), param([2])];
    const opt = new nn.AdamW([{ params: [a] }, { params: [b], weightDecay: 0, betas: [0.5, 0.9] }], { lr: 0.1 });
    expect(opt.paramGroups[0]).toMatchObject({ lr: 0.1, weightDecay: 0.01, betas: [0.9, 0.999] });
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.1, weightDecay: 0, betas: [0.5, 0.9] });
    a.dispose();
    b.dispose();
  });

  it('stateDict/loadStateDict resume an optimiser exactly (in memory)', async () => {
    const mk = () => [param([1, -2, 3]), param([0.5])];
    const feed = (ps: nn.Parameter[], k: number) => ps.forEach((p, i) => (p.grad = tensor(p.shape[0] === 3 ? [k, -k, 2 * k] : [i + k])));
    const pa = mk();
    const a = new nn.Adam(pa, { lr: 0.1, amsgrad: true });
    for (let k = 1; k <= 3; k++) {
      feed(pa, k);
      a.step();
    }
    const pb = mk();
    for (const [i, p] of pb.entries()) p.assign(pa[i].value.clone());
    const b = new nn.Adam(pb, { lr: 0.7 });
    b.loadStateDict(a.stateDict());
    expect(b.paramGroups[0].lr).toBe(0.1);
    expect(b.paramGroups[0].amsgrad).toBe(true);
    expect(b.stateDict().state.get(0)!.step).toBe(3);
    for (let k = 4; k <= 5; k++) {
      feed(pa, k);
      feed(pb, k);
      a.step();
      b.step();
    }
    for (const [i, p] of pa.entries()) expect(Array.from(await pb[i].value.data())).toEqual(Array.from(await p.value.data()));
    a.dispose();
    b.dispose();
    [...pa, ...pb].forEach((p) => p.dispose());
  });

  it('validate hyperparameters and groups', () => {
    const p = param([1]);
    expect(() => new nn.SGD([p], { lr: -1 })).toThrow(/lr must be non-negative/);
    expect(() => new nn.SGD([p], { lr: 0.1, nesterov: true })).toThrow(/Nesterov momentum requires a momentum/);
    expect(() => new nn.AdamW([p], { betas: [1, 0.9] })).toThrow(/betas must be in \[0, 1\)/);
    expect(() => new nn.AdamW([{ params: [p] }, { params: [p] }])).toThrow(/more than one group/);
    expect(() => new nn.AdamW([{ params: [] }])).toThrow(/has no parameters/);
    p.dispose();
  });
});

describe('clipGradNorm', () => {
  it('returns the norm and leaves small gradients alone', async () => {
    const p = param([0, 0]);
    p.grad = tensor([0.3, 0.4]);
    const n = nn.clipGradNorm([p], 1);
    expect(await n.item()).toBeCloseTo(0.5, 6);
    expect(Array.from(await p.grad!.data())).toEqual([Math.fround(0.3), Math.fround(0.4)]);
    n.dispose();
    p.dispose();
  });

  it('with no gradients the norm is 0', async () => {
    const p = param([1]);
    const n = nn.clipGradNorm([p], 1);
    expect(await n.item()).toBe(0);
    n.dispose();
    p.dispose();
  });
});
