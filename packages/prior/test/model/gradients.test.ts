/**
 * Each stage's total reaches exactly the parameters parametersForStage lists: every one
 * gets a non-zero gradient, every other one none (stage 1 never touches the prototype
 * bank, stages 1–2 never the decoders). And the SimSiam term's stop-gradients hold.
 */
import { describe, expect, it } from 'vitest';
import * as A from '@prior/autograd';
import { Generator, type Tensor, randn } from '@prior/tensor';
import { PriorModel } from '../../src/index.js';
import { maxDiff } from '../support.js';
import { absSum, makeBatch, smallConfig } from './support.js';

const config = smallConfig();
const model = new PriorModel(config, { generator: new Generator(1) });
const batch = makeBatch(config, [3, 2, 5], 2);
const names = new Map([...model.namedParameters()].map(([n, p]) => [p, n]));

describe.each(config.stages.map((s, i) => [i + 1, s] as const))('stage %i', (n, stage) => {
  it('trains exactly the parameters parametersForStage lists', async () => {
    model.zeroGrad();
    const r = await model.trainStep(batch, stage, { generator: new Generator(3) });
    A.backward(r.total);
    const trained = new Set(model.parametersForStage(stage));
    const missing: string[] = [];
    const leaked: string[] = [];
    for (const [name, p] of model.namedParameters()) {
      const g = await absSum(p.grad);
      if (trained.has(p) && !(g > 0)) missing.push(name);
      if (!trained.has(p) && p.grad !== null) leaked.push(name);
    }
    expect(missing).toEqual([]);
    expect(leaked).toEqual([]);
    const bank = model.bank!.prototypes;
    expect(trained.has(bank)).toBe(n > 1);
    if (n === 1) expect(bank.grad).toBeNull();
    expect(trained.has(model.imageDecoder!.head.weight)).toBe(n === 3);
    expect(trained.has(model.reportDecoder!.queries)).toBe(n === 3);
    expect([...trained].every((p) => names.has(p))).toBe(true);
  });
});

describe('L_loc_img', () => {
  it('stops the gradient at each target: I and C_I get gradient only through their own prediction', async () => {
    const lam = model.lam!;
    const shape = [2, 4, config.model.embedDim];
    const regions = randn(shape, { generator: new Generator(4) });
    const context = randn(shape, { generator: new Generator(5) });
    const both = A.grad((i: Tensor, c: Tensor) => lam.imageLoss(i, c), { argnums: [0, 1] })(regions, context) as Tensor[];
    // −½ mean cos(P(I), C_I) is the only term where I carries gradient, −½ mean cos(P(C_I), I) the only one for C_I.
    const half = (a: Tensor, b: Tensor) => A.mul(A.mean(A.cosineSimilarity(lam.predictor.forward(a), b, -1)), -0.5);
    const gI = A.grad((i: Tensor) => half(i, context))(regions) as Tensor;
    const gC = A.grad((c: Tensor) => half(c, regions))(context) as Tensor;
    expect(maxDiff(await both[0].data(), await gI.data())).toBeLessThan(1e-6);
    expect(maxDiff(await both[1].data(), await gC.data())).toBeLessThan(1e-6);
  });
});
