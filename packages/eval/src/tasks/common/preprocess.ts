/**
 * Evaluation-time image preprocessing, the same as pre-training's without augmentation:
 * decode, grey (for 1-channel models), resize to the model's side (area averaging when
 * shrinking, bilinear when enlarging), normalise with the configuration's mean/std, and
 * lay out as CHW floats. Decoded arrays are cached by path, so tasks that visit the same
 * images (seeds, fractions, methods) decode each file once.
 */
import { type FileStore, type Image, decodeImage, normalize, resize, toCHW, toGrey } from '@prior/datasets';
import type { PriorConfig } from '@prior/prior';
import { type Device, type Tensor, tensor } from '@prior/tensor';

export interface ImagePreprocess {
  /** Square side in pixels. */
  size: number;
  /** 1 for radiographs. */
  channels: number;
  mean: number;
  std: number;
}

/** The preprocessing a PRIOR configuration trains with (augmentation off). */
export function preprocessFromConfig(config: PriorConfig): ImagePreprocess {
  const e = config.model.imageEncoder;
  const a = config.data.augmentation;
  return { size: e.imageSize, channels: e.inChannels, mean: a.mean, std: a.std };
}

/** A decoded image → normalised CHW floats of `pre.size`². */
export function preprocessImage(img: Image, pre: ImagePreprocess): Float32Array {
  let x = pre.channels === 1 ? toGrey(img) : img;
  if (x.channels !== pre.channels) throw new RangeError(`preprocessImage: the model wants ${pre.channels} channels, the image has ${x.channels}`);
  if (x.width !== pre.size || x.height !== pre.size) x = resize(x, pre.size, pre.size, x.width > pre.size ? 'area' : 'bilinear');
  return toCHW(normalize(x, pre.mean, pre.std));
}

const cacheKey = (store: FileStore, path: string, pre: ImagePreprocess) => `${store.describe(path)}|${pre.size}|${pre.channels}|${pre.mean}|${pre.std}`;

/** Preprocessed images by file and preprocessing; shared by every task of a run. */
export class PixelCache {
  readonly #map = new Map<string, Float32Array>();

  async load(store: FileStore, path: string, pre: ImagePreprocess): Promise<Float32Array> {
    const key = cacheKey(store, path, pre);
    let px = this.#map.get(key);
    if (!px) {
      px = preprocessImage(decodeImage(await store.read(path), { name: store.describe(path) }), pre);
      this.#map.set(key, px);
    }
    return px;
  }

  async loadAll(store: FileStore, paths: readonly string[], pre: ImagePreprocess): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (const p of paths) out.push(await this.load(store, p, pre));
    return out;
  }

  get size(): number {
    return this.#map.size;
  }
}

/** Stacks preprocessed images [B] into one [B, C, size, size] float32 tensor. */
export function imageTensor(pixels: readonly Float32Array[], pre: ImagePreprocess, device?: Device): Tensor {
  const n = pre.channels * pre.size * pre.size;
  const flat = new Float32Array(pixels.length * n);
  pixels.forEach((p, i) => {
    if (p.length !== n) throw new RangeError(`imageTensor: image ${i} has ${p.length} values, expected ${n} (${pre.channels}×${pre.size}×${pre.size})`);
    flat.set(p, i * n);
  });
  return tensor(flat, { shape: [pixels.length, pre.channels, pre.size, pre.size], dtype: 'float32', device });
}
