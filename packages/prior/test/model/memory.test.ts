/** A stage-3 training step inside a scope leaves no tensor behind once gradients are cleared. */
import { expect, it } from 'vitest';
import * as A from '@prior/autograd';
import { Generator, memory, scope } from '@prior/tensor';
import { PriorModel } from '../../src/index.js';
import { cpu, makeBatch, smallConfig } from './support.js';

it('trainStep + backward leaks nothing', async () => {
  const config = smallConfig();
  const model = new PriorModel(config, { generator: new Generator(1) });
  const batch = makeBatch(config, [3, 1, 2], 2);
  const step = () =>
    scope(async () => {
      const r = await model.trainStep(batch, config.stages[2], { generator: new Generator(3) });
      A.backward(r.total);
    }).then(() => model.zeroGrad());
  await step(); // warm-up
  const before = memory().backends[cpu.name];
  await step();
  await step();
  expect(memory().backends[cpu.name]).toEqual(before);
});
