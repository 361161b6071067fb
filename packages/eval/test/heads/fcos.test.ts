/** FCOS head pieces: GIoU and focal loss values by hand, head layout, loss gradients, decoding. */
import * as A from '@prior/autograd';
import { describe, expect, it } from 'vitest';
import { Generator, type Tensor, randn, scope, tensor } from '@prior/tensor';
import { FcosHead, fcosDetections, fcosLocations, fcosLoss, fcosTargets, giouLossLtrb, sigmoidFocalLoss } from '../../src/index.js';

const t = (data: number[], shape: number[]): Tensor => tensor(data, { shape, dtype: 'float32', device: 'cpu' });
const values = async (x: Tensor) => Array.from(await x.data());

describe('FCOS losses', () => {
  it('1 − GIoU of ltrb boxes around one point', async () => {
    const pred = t([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 2, 2, 0.5, 0.5], [4, 4]);
    const target = t([1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1, 0.5, 0.5, 2, 2], [4, 4]);
    // Same box: 0. 2×2 in 4×4: IoU 1/4, hull = union. 4×2 over 2×2: IoU 1/2. Crossed 2.5×2.5
    // boxes: inter 1, union 11.5, hull 16: GIoU = 1/11.5 − 4.5/16.
    const got = await values(giouLossLtrb(pred, target));
    [0, 0.75, 0.5, 1 - (1 / 11.5 - 4.5 / 16)].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
  });

  it('sigmoid focal loss at p = 0.5: α_t · ln 2 · 0.5^γ', async () => {
    const v = await values(sigmoidFocalLoss(t([0, 0], [2]), t([1, 0], [2])));
    expect(v[0]).toBeCloseTo((0.25 + 0.75) * Math.log(2) * 0.25, 6);
    // Confident and right: almost nothing.
    expect((await values(sigmoidFocalLoss(t([8, -8], [2]), t([1, 0], [2]))))[0]).toBeLessThan(1e-6);
  });
});

describe('FcosHead', () => {
  const g = new Generator(4);
  const head = new FcosHead({ featureChannels: [4, 8, 16], featureStrides: [4, 8, 16], levels: [0, 1], width: 8, numClasses: 2, generator: g, device: 'cpu' });
  const maps = () => [randn([2, 4, 8, 8], { generator: g, device: 'cpu' }), randn([2, 8, 4, 4], { generator: g, device: 'cpu' }), randn([2, 16, 2, 2], { generator: g, device: 'cpu' })];

  it('flattens the used levels into [B, N, ·] and starts at the prior probability', async () => {
    const out = head.forward(maps());
    expect(out.cls.shape).toEqual([2, 80, 2]);
    expect(out.ctr.shape).toEqual([2, 80]);
    expect(out.reg.shape).toEqual([2, 80, 4]);
    expect(out.sizes).toEqual([[8, 8], [4, 4]]);
    expect(head.strides).toEqual([4, 8]);
    const p = (await values(out.cls)).map((x) => 1 / (1 + Math.exp(-x)));
    expect(p.reduce((a, b) => a + b, 0) / p.length).toBeCloseTo(0.01, 2);
    expect(() => head.forward(maps().slice(0, 2))).toThrow(/expected 3 feature maps/);
    expect(() => new FcosHead({ featureChannels: [4], featureStrides: [4], levels: [1] })).toThrow(/levels/);
  });

  it('the loss is finite and reaches every head parameter; background-only images work', () => {
    scope(() => {
      const out = head.forward(maps());
      const loc = fcosLocations(out.sizes, head.strides);
      const targets = [fcosTargets(loc, [{ x: 4, y: 6, width: 12, height: 10, label: 1 }]), fcosTargets(loc, [])];
      const l = fcosLoss(out, targets);
      A.backward(l.total);
      for (const [name, p] of head.namedParameters()) expect(p.grad, name).not.toBeNull();
      head.zeroGrad();
    });
  });

  it('decoding: a confident centre location gives its box; NMS removes its duplicate', () => {
    const loc = fcosLocations([[2, 2]], [8]);
    // Location 0 at (4, 4) and 1 at (12, 4) both predict about the box x 0..16, y 0..8.
    const reg = [Math.log(4 / 8), Math.log(4 / 8), Math.log(12 / 8), Math.log(4 / 8), Math.log(12 / 8), Math.log(4 / 8), Math.log(4 / 8), Math.log(4 / 8), 0, 0, 0, 0, 0, 0, 0, 0];
    const dets = fcosDetections({ cls: [5, 4, -9, -9], ctr: [5, 5, -9, -9], reg }, loc, 1, 16, 16);
    expect(dets).toHaveLength(1);
    expect(dets[0]).toMatchObject({ x: 0, y: 0, width: 16, height: 8, label: 0 });
    expect(dets[0].score).toBeCloseTo(Math.sqrt(1 / (1 + Math.exp(-5)) ** 2), 6);
  });
});
