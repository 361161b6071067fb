/**
 * Running an encoder over many images without recording gradients: fixed-size batches,
 * `noGrad`, every tensor of a batch freed before the next one (`scope`), and the
 * encoder in evaluation mode (batch-norm running statistics, no dropout).
 */
import { noGrad } from '@prior/autograd';
import { type Device, type Tensor, scope } from '@prior/tensor';
import { type Encoder, type ImageEncoding, checkImageEncoding } from '../../encoder.js';
import { type ImagePreprocess, imageTensor } from './preprocess.js';

/** [start, end) index ranges of `n` items in batches of `batchSize`. */
export function batchRanges(n: number, batchSize: number): [number, number][] {
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`batchRanges: batchSize must be a positive integer, got ${batchSize}`);
  const out: [number, number][] = [];
  for (let s = 0; s < n; s += batchSize) out.push([s, Math.min(n, s + batchSize)]);
  return out;
}

export interface FrozenOptions {
  batchSize?: number;
  device?: Device;
}

/**
 * Calls `fn(encoding, images, start)` for each batch of `pixels` under noGrad with the
 * encoder in eval mode; tensors made inside a call are freed when its promise settles
 * (return host arrays, not tensors). The first batch is checked against the contract.
 */
export async function forEachImageBatch(
  encoder: Encoder,
  pixels: readonly Float32Array[],
  pre: ImagePreprocess,
  fn: (enc: ImageEncoding, images: Tensor, start: number) => Promise<void>,
  opts: FrozenOptions = {},
): Promise<void> {
  encoder.train(false);
  let checked = false;
  for (const [s, e] of batchRanges(pixels.length, opts.batchSize ?? 32)) {
    await scope(async () => {
      const images = imageTensor(pixels.slice(s, e), pre, opts.device);
      const enc = noGrad(() => encoder.encodeImages(images));
      if (!checked) {
        checkImageEncoding(encoder, images, enc);
        checked = true;
      }
      await noGrad(() => fn(enc, images, s));
    });
  }
}

/** Which frozen vector a linear probe reads. */
export type FeatureKind =
  /** Global average pool of the last backbone map [C] (the literature's linear probe). */
  | 'backbone'
  /** The encoder's projected global vector [D]. */
  | 'global';

/** Frozen features of every image, [N × F] row-major, with F. */
export async function extractFeatures(
  encoder: Encoder,
  pixels: readonly Float32Array[],
  pre: ImagePreprocess,
  kind: FeatureKind = 'backbone',
  opts: FrozenOptions = {},
): Promise<{ data: Float32Array; dim: number }> {
  const dim = kind === 'global' ? encoder.embedDim : encoder.featureChannels[encoder.featureChannels.length - 1];
  const data = new Float32Array(pixels.length * dim);
  await forEachImageBatch(
    encoder,
    pixels,
    pre,
    async (enc, _images, start) => {
      const t = kind === 'global' ? enc.global : pooledLastMap(enc);
      data.set(await t.data(), start * dim);
    },
    opts,
  );
  return { data: data, dim };
}

/** [B, C] global average pool of the last (coarsest) feature map. */
export function pooledLastMap(enc: ImageEncoding): Tensor {
  const last = enc.featureMaps[enc.featureMaps.length - 1];
  return last.mean([2, 3]);
}
