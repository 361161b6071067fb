/**
 * The encoder's feature maps for batches of images, as the dense heads (U-Net decoder,
 * detector) train on them, in one of two modes:
 *   frozen     — the encoder runs once per image in eval mode under noGrad and its maps
 *                are kept on the host; a batch is rebuilt from that cache, so training
 *                the head costs no encoder passes and no gradient can reach the encoder;
 *   fine-tune  — every training batch runs the encoder with gradients recorded, so the
 *                maps carry the tape back into `imageParameters()`; evaluation batches run
 *                under noGrad. The encoder stays in eval mode throughout: its batch-norm
 *                statistics are frozen (as detection fine-tuning usually does), because
 *                batches of a 1% label set are too small to estimate them and because the
 *                `Encoder` interface exposes parameters, not buffers, so only parameters
 *                can be restored between seeds (`snapshotParameters`).
 */
import { noGrad } from '@prior/autograd';
import { type Device, type Tensor, clone, keep, scope, tensor } from '@prior/tensor';
import { type Encoder, checkImageEncoding } from '../encoder.js';
import { type ImagePreprocess, batchRanges, imageTensor } from '../tasks/common/index.js';

export type EncoderMode = 'frozen' | 'fine-tune';

export class FeatureSource {
  /** Frozen mode: per map, per image, its [C·h·w] values. */
  #cache: Float32Array[][] | null = null;
  #shapes: [number, number, number][] = [];

  constructor(
    readonly encoder: Encoder,
    /** Preprocessed images (CHW floats of pre.size²). */
    readonly pixels: readonly Float32Array[],
    readonly pre: ImagePreprocess,
    readonly mode: EncoderMode,
    /**
     * device: where the heads' maps go; encoderDevice: where the encoder's input images go
     * (default: device). They differ only in frozen mode, where maps pass through the host
     * anyway: a small head may train on the CPU backend under an encoder on WebGPU.
     */
    readonly opts: { batchSize?: number; device?: Device; encoderDevice?: Device } = {},
  ) {
    if (mode === 'fine-tune' && opts.encoderDevice !== undefined && opts.encoderDevice !== opts.device) {
      throw new RangeError(`FeatureSource: in fine-tune mode the head trains on the encoder's maps, so device (${opts.device ?? 'default'}) must equal encoderDevice (${opts.encoderDevice})`);
    }
  }

  get #encoderDevice(): Device | undefined {
    return this.opts.encoderDevice ?? this.opts.device;
  }

  /** Frozen mode: encodes every image once (eval mode, noGrad). Fine-tune mode: nothing. */
  async prepare(): Promise<void> {
    if (this.mode !== 'frozen' || this.#cache) return;
    this.encoder.train(false);
    const cache: Float32Array[][] = this.encoder.featureChannels.map(() => []);
    for (const [s, e] of batchRanges(this.pixels.length, this.opts.batchSize ?? 16)) {
      await scope(async () => {
        const images = imageTensor(this.pixels.slice(s, e), this.pre, this.#encoderDevice);
        const enc = noGrad(() => this.encoder.encodeImages(images));
        if (s === 0) checkImageEncoding(this.encoder, images, enc);
        for (let m = 0; m < enc.featureMaps.length; m++) {
          const map = enc.featureMaps[m];
          const [, c, h, w] = map.shape;
          this.#shapes[m] = [c, h, w];
          const data = await map.data();
          for (let i = 0; i < e - s; i++) cache[m].push(Float32Array.from(data.subarray(i * c * h * w, (i + 1) * c * h * w) as Float32Array));
        }
      });
    }
    this.#cache = cache;
  }

  /**
   * Feature maps [B, C_i, h_i, w_i] of the images at `indices`. With `training` in
   * fine-tune mode they record gradients into the encoder; otherwise they do not.
   */
  maps(indices: readonly number[], training: boolean): Tensor[] {
    if (this.mode === 'frozen') {
      if (!this.#cache) throw new Error('FeatureSource: call prepare() before maps() in frozen mode');
      return this.#cache.map((perImage, m) => {
        const [c, h, w] = this.#shapes[m];
        const flat = new Float32Array(indices.length * c * h * w);
        indices.forEach((idx, i) => flat.set(perImage[idx], i * c * h * w));
        return tensor(flat, { shape: [indices.length, c, h, w], dtype: 'float32', device: this.opts.device });
      });
    }
    this.encoder.train(false);
    const images = imageTensor(indices.map((i) => this.pixels[i]), this.pre, this.#encoderDevice);
    const run = () => [...this.encoder.encodeImages(images).featureMaps];
    return training ? run() : noGrad(run);
  }
}

/**
 * Copies of the encoder's image parameters, and a function that puts them back: each seed
 * of a fine-tuning run starts from the same pre-trained weights. `restore` may be called
 * any number of times; `dispose` frees the copies.
 */
export function snapshotParameters(encoder: Encoder): { restore(): void; dispose(): void } {
  const params = encoder.imageParameters();
  const saved = noGrad(() => params.map((p) => keep(clone(p.value))));
  return {
    restore: () => params.forEach((p, i) => p.assign(noGrad(() => clone(saved[i])))),
    dispose: () => saved.forEach((t) => t.dispose()),
  };
}
