/** W3 on tfjs-backend-webgpu: tfjs-core ops, tf.variableGrads, hand-written AdamW. */
import type { ClipPrepared } from './prior.js';
import { type ClipStepConfig, clipBatch } from './spec.js';
import { TfjsAdamW } from './tfjs-adamw.js';
import { TfjsClipModel } from './tfjs-model.js';

type TF = typeof import('@tensorflow/tfjs-core');

export function prepareTfjsClip(tf: TF, c: ClipStepConfig): ClipPrepared {
  const model = new TfjsClipModel(tf, c);
  const opt = new TfjsAdamW(tf, model.params, { lr: c.lr, weightDecay: c.weightDecay });
  const host = clipBatch(c);
  // NHWC with one channel has the same element order as NCHW.
  const images = tf.tensor4d(host.images, [c.batch, c.imageSize, c.imageSize, 1]);
  const tokens = tf.tensor2d(host.tokens, [c.batch, c.seq], 'int32');
  let loss = Number.NaN;
  const step = async () => {
    const { value, grads } = tf.variableGrads(() => model.loss(images, tokens) as import('@tensorflow/tfjs-core').Scalar, model.params);
    opt.step(grads);
    model.updateRunningStats();
    tf.dispose(grads);
    // Reading the loss waits for the whole step, as on the other peers.
    loss = (await value.data())[0];
    value.dispose();
  };
  const dispose = () => {
    opt.dispose();
    model.dispose();
    tf.dispose([images, tokens]);
  };
  return { step, dispose, lastLoss: () => loss };
}
