/**
 * Training checkpoints: saving mid-training and resuming into fresh objects restores the
 * model, optimiser moments and step counts, and the schedule bit-exactly, so the resumed
 * run continues exactly as the uninterrupted one; on each backend. Mismatches are named.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Backend, Generator, type Tensor, manualSeed, randn, scope, tensor } from '@prior/tensor';
import * as A from '@prior/autograd';
import * as nn from '../../src/index.js';
import { backends } from '../support/backends.js';

const dir = mkdtempSync(join(tmpdir(), 'prior-nn-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  model: nn.Sequential;
  opt: nn.AdamW;
  sched: nn.WarmupCosineLR;
}

function setup(device: Backend, seed: number): Run {
  manualSeed(seed);
  const model = new nn.Sequential(new nn.Linear(5, 8, { device }), new nn.BatchNorm1d(8, { device }), new nn.Linear(8, 3, { device }));
  const opt = new nn.AdamW([{ params: model.parameters().slice(0, 2) }, { params: model.parameters().slice(2), weightDecay: 0 }], { lr: 0.01 });
  const sched = new nn.WarmupCosineLR(opt, { warmupSteps: 2, totalSteps: 10, minLrRatio: 0.1 });
  return { model, opt, sched };
}

function train(r: Run, x: Tensor, y: Tensor, steps: number): void {
  for (let i = 0; i < steps; i++) {
    scope(() => nn.crossEntropy(r.model.forward(x) as Tensor, y).backward());
    r.opt.step();
    r.opt.zeroGrad();
    r.sched.iterationEnd();
  }
}

async function bits(t: Tensor): Promise<Buffer> {
  const d = await t.data();
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}

async function expectSameState(a: Run, b: Run): Promise<void> {
  const sa = a.model.stateDict();
  const sb = b.model.stateDict();
  expect([...sb.keys()]).toEqual([...sa.keys()]);
  for (const [k, t] of sa) expect((await bits(sb.get(k)!)).equals(await bits(t)), `model ${k}`).toBe(true);
  const oa = a.opt.stateDict();
  const ob = b.opt.stateDict();
  expect(ob.paramGroups).toEqual(oa.paramGroups);
  expect([...ob.state.keys()]).toEqual([...oa.state.keys()]);
  for (const [i, s] of oa.state) {
    for (const [k, v] of Object.entries(s)) {
      const w = ob.state.get(i)![k];
      if (typeof v === 'number') expect(w, `optimizer ${i}.${k}`).toBe(v);
      else expect((await bits(w as Tensor)).equals(await bits(v)), `optimizer ${i}.${k}`).toBe(true);
    }
  }
  expect(b.sched.stateDict()).toEqual(a.sched.stateDict());
  expect(b.opt.paramGroups.map((g) => g.lr)).toEqual(a.opt.paramGroups.map((g) => g.lr));
}

const dispose = (r: Run) => {
  r.opt.dispose();
  r.model.dispose();
};

describe.each(backends)('checkpoints on %s', (name, backend) => {
  it.skipIf(!backend)('resume continues bit-exactly like the uninterrupted run', async () => {
    const device = backend as Backend;
    const g = new Generator(1);
    const x = randn([6, 5], { generator: g, device });
    const y = tensor([0, 1, 2, 1, 0, 2], { dtype: 'int32', device });
    const a = setup(device, 10);
    train(a, x, y, 3);
    const path = join(dir, `resume-${name}.safetensors`);
    await nn.saveCheckpoint(path, { model: a.model, optimizer: a.opt, scheduler: a.sched, step: 3, metadata: { run: 'test' } });

    const b = setup(device, 99); // different initial weights, no optimiser state yet
    const r = await nn.loadCheckpoint(path, { model: b.model, optimizer: b.opt, scheduler: b.sched });
    expect(r.step).toBe(3);
    expect(r.metadata).toEqual({ run: 'test' });
    await expectSameState(a, b);

    train(a, x, y, 2);
    train(b, x, y, 2);
    await expectSameState(a, b);
    dispose(a);
    dispose(b);
    x.dispose();
    y.dispose();
  });
});

describe('checkpoint errors', () => {
  it('a model of another shape: the error names the tensor and both shapes', async () => {
    const a = setup(backends[0][1]!, 1);
    const path = join(dir, 'shapes.safetensors');
    await nn.saveCheckpoint(path, { model: a.model, optimizer: a.opt });
    const other = new nn.Sequential(new nn.Linear(5, 8), new nn.BatchNorm1d(8), new nn.Linear(8, 4));
    await expect(nn.loadCheckpoint(path, { model: other })).rejects.toThrow(/'2\.weight' has shape \[3, 8\].*\[4, 8\]/);
    other.dispose();
    dispose(a);
  });

  it('optimiser state of another shape names the parameter and both shapes', async () => {
    const a = setup(backends[0][1]!, 1);
    const x = randn([6, 5]);
    const y = tensor([0, 1, 2, 1, 0, 2], { dtype: 'int32' });
    train(a, x, y, 1);
    const bytes = await nn.packCheckpoint({ optimizer: a.opt });
    const ps = [[8, 5], [7], [8], [8], [3, 8], [3]].map((s) => new nn.Parameter(randn(s)));
    const opt = new nn.AdamW([{ params: ps.slice(0, 2) }, { params: ps.slice(2) }]);
    expect(() => nn.restoreCheckpoint(nn.unpackCheckpoint(bytes), { optimizer: opt })).toThrow(/state 'expAvg' of parameter 1 has shape \[8\], the parameter is \[7\]/);
    const fewer = new nn.AdamW(ps);
    expect(() => nn.restoreCheckpoint(nn.unpackCheckpoint(bytes), { optimizer: fewer })).toThrow(/the snapshot has 2 parameter group\(s\), this optimiser 1/);
    for (const p of ps) p.dispose();
    dispose(a);
    x.dispose();
    y.dispose();
  });

  it('a plain safetensors file is not taken for a checkpoint', async () => {
    const bytes = await nn.toSafetensors({ w: tensor([1]) });
    expect(() => nn.unpackCheckpoint(bytes)).toThrow(/format is '\(none\)', expected 'prior\.checkpoint\/1'/);
  });

  it('asking for optimiser state the checkpoint lacks', async () => {
    const a = setup(backends[0][1]!, 1);
    const bytes = await nn.packCheckpoint({ model: a.model });
    expect(() => nn.restoreCheckpoint(nn.unpackCheckpoint(bytes), { optimizer: a.opt })).toThrow(/holds no optimizer state/);
    await expect(nn.packCheckpoint({ metadata: { step: '1' } })).rejects.toThrow(/metadata key 'step' is reserved/);
    dispose(a);
  });
});
