/** W3 on this project's backends: nn modules, autograd backward, AdamW. */
import { backward } from '@prior/autograd';
import { AdamW } from '@prior/nn';
import { type Backend, arange, scope, tensor } from '@prior/tensor';
import type { Prepared } from '../peers/peer.js';
import { PriorClipModel } from './prior-model.js';
import { type ClipStepConfig, clipBatch } from './spec.js';

/** A prepared W3 step; `lastLoss` is the loss the last step computed (read back each step). */
export interface ClipPrepared extends Prepared {
  lastLoss(): number;
}

export function preparePriorClip(be: Backend, c: ClipStepConfig, sync: () => Promise<void>): ClipPrepared {
  const model = new PriorClipModel(c, be);
  model.train();
  const opt = new AdamW(model.parameters(), { lr: c.lr, weightDecay: c.weightDecay });
  const host = clipBatch(c);
  const images = tensor(host.images, { shape: [c.batch, 1, c.imageSize, c.imageSize], device: be });
  const tokens = tensor(host.tokens, { shape: [c.batch, c.seq], device: be });
  const positions = arange(c.seq, undefined, 1, { dtype: 'int32', device: be });
  let loss = Number.NaN;
  const step = async () => {
    // One scalar read back per step: the step's result, as a training loop logs it.
    loss = await scope(async () => {
      opt.zeroGrad();
      const l = model.forward(images, tokens, positions);
      backward(l);
      opt.step();
      const v = await l.item();
      await sync();
      return v;
    });
  };
  const dispose = () => {
    opt.dispose();
    model.dispose();
    for (const t of [images, tokens, positions]) t.dispose();
  };
  return { step, dispose, lastLoss: () => loss };
}
