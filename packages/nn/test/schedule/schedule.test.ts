/** Warm-up + cosine, StepLR and ConstantLR: values, per-iteration/per-epoch stepping, resuming. */
import { describe, expect, it } from 'vitest';
import { tensor } from '@prior/tensor';
import * as nn from '../../src/index.js';

function optimiser(lrs: number[]) {
  const params = lrs.map(() => new nn.Parameter(tensor([0])));
  const opt = new nn.SGD(
    params.map((p, i) => ({ params: [p], lr: lrs[i] })),
    { lr: lrs[0] },
  );
  return { opt, dispose: () => params.forEach((p) => p.dispose()) };
}

const run = (s: nn.LRScheduler, steps: number) => {
  const out = [s.lastLr];
  for (let i = 0; i < steps; i++) {
    s.step();
    out.push(s.lastLr);
  }
  return out;
};

describe('WarmupCosineLR', () => {
  it('warms up linearly, then follows the cosine down to the floor and stays there', () => {
    const { opt, dispose } = optimiser([1, 0.1]);
    const s = new nn.WarmupCosineLR(opt, { warmupSteps: 4, totalSteps: 12, minLr: 0.01 });
    const lrs = run(s, 14);
    const cos = (base: number, t: number) => 0.01 + (base - 0.01) * 0.5 * (1 + Math.cos((Math.PI * (t - 4)) / 8));
    for (let t = 0; t <= 14; t++) {
      const want = [1, 0.1].map((b) => (t < 4 ? (b * t) / 4 : t <= 12 ? cos(b, t) : 0.01));
      lrs[t].forEach((v, i) => expect(v).toBeCloseTo(want[i], 14));
    }
    expect(lrs[4]).toEqual([1, 0.1]); // the peak is exactly the base lr
    expect(lrs[12][0]).toBeCloseTo(0.01, 15);
    dispose();
  });

  it('a floor relative to each group, and a warm-up start factor', () => {
    const { opt, dispose } = optimiser([1, 0.1]);
    const s = new nn.WarmupCosineLR(opt, { warmupSteps: 2, totalSteps: 4, minLrRatio: 0.1, warmupStartFactor: 0.5 });
    const lrs = run(s, 5);
    expect(lrs[0]).toEqual([0.5, 0.05]);
    expect(lrs[1][0]).toBeCloseTo(0.75, 15);
    expect(lrs[3][0]).toBeCloseTo(0.55, 15);
    expect(lrs[5][0]).toBeCloseTo(0.1, 15);
    expect(lrs[5][1]).toBeCloseTo(0.01, 15);
    dispose();
  });

  it('without warm-up it starts at the base lr', () => {
    const { opt, dispose } = optimiser([0.3]);
    const s = new nn.WarmupCosineLR(opt, { warmupSteps: 0, totalSteps: 2 });
    expect(run(s, 2).map(([v]) => v)).toEqual([0.3, expect.closeTo(0.15, 15), 0]);
    dispose();
  });

  it('rejects bad options', () => {
    const { opt, dispose } = optimiser([1]);
    expect(() => new nn.WarmupCosineLR(opt, { warmupSteps: 5, totalSteps: 3 })).toThrow(/totalSteps \(3\) must be at least warmupSteps \(5\)/);
    expect(() => new nn.WarmupCosineLR(opt, { warmupSteps: 1.5, totalSteps: 3 })).toThrow(/warmupSteps must be an integer/);
    expect(() => new nn.WarmupCosineLR(opt, { warmupSteps: 1, totalSteps: 3, minLr: 0, minLrRatio: 0.1 })).toThrow(/not both/);
    dispose();
  });
});

describe('stepping per iteration or per epoch', () => {
  it('advances only on the hook matching its interval', () => {
    const { opt, dispose } = optimiser([1]);
    const perEpoch = new nn.StepLR(opt, { stepSize: 1, gamma: 0.5, interval: 'epoch' });
    for (let i = 0; i < 5; i++) perEpoch.iterationEnd();
    expect(perEpoch.t).toBe(0);
    perEpoch.epochEnd();
    expect(perEpoch.t).toBe(1);
    expect(opt.paramGroups[0].lr).toBe(0.5);
    dispose();
    const o2 = optimiser([1]);
    const perIter = new nn.StepLR(o2.opt, { stepSize: 2 });
    perIter.iterationEnd();
    perIter.iterationEnd();
    perIter.epochEnd();
    expect(perIter.t).toBe(2);
    expect(o2.opt.paramGroups[0].lr).toBeCloseTo(0.1, 15);
    o2.dispose();
  });
});

describe('resuming a schedule', () => {
  it('a fresh scheduler loaded from stateDict continues with the same lrs', () => {
    const a = optimiser([1, 0.2]);
    const s1 = new nn.WarmupCosineLR(a.opt, { warmupSteps: 3, totalSteps: 20 });
    run(s1, 7);
    const state = JSON.parse(JSON.stringify(s1.stateDict())) as nn.SchedulerState;
    const b = optimiser([1, 0.2]);
    const s2 = new nn.WarmupCosineLR(b.opt, { warmupSteps: 3, totalSteps: 20 });
    s2.loadStateDict(state);
    expect(s2.lastLr).toEqual(s1.lastLr);
    expect(run(s2, 5)).toEqual(run(s1, 5));
    a.dispose();
    b.dispose();
  });

  it('base lrs come from initialLr, so a scheduler built after a resume does not compound', () => {
    const { opt, dispose } = optimiser([1]);
    const s = new nn.StepLR(opt, { stepSize: 1, gamma: 0.5 });
    s.step();
    const again = new nn.StepLR(opt, { stepSize: 1, gamma: 0.5 });
    expect(again.baseLrs).toEqual([1]);
    dispose();
  });

  it('rejects a state of another kind or shape', () => {
    const { opt, dispose } = optimiser([1]);
    const s = new nn.StepLR(opt, { stepSize: 2 });
    expect(() => s.loadStateDict({ kind: 'ConstantLR', t: 1, baseLrs: [1], interval: 'iteration' })).toThrow(/snapshot is of a ConstantLR/);
    expect(() => s.loadStateDict({ kind: 'StepLR', t: 1, baseLrs: [1, 2], interval: 'iteration' })).toThrow(/2 group\(s\), the optimiser 1/);
    expect(() => s.loadStateDict({ kind: 'StepLR', t: 1, baseLrs: [1], interval: 'epoch' })).toThrow(/steps per epoch/);
    dispose();
  });
});

describe('ConstantLR', () => {
  it('factor 1 is a constant lr', () => {
    const { opt, dispose } = optimiser([0.2]);
    const s = new nn.ConstantLR(opt, { factor: 1 });
    expect(run(s, 8).every(([v]) => v === 0.2)).toBe(true);
    dispose();
  });
});
