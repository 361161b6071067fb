/**
 * Pre-training image transforms (shared/PRIOR.md §3): resize to the model's input size,
 * random affine rotation, random horizontal flip, intensity normalisation. Every random
 * draw comes from the item's stream, fixed by (seed, epoch, index).
 */
import { type Image, type Random, normalize, randomAffine, randomHorizontalFlip, resize, toGrey } from '@prior/datasets';
import type { AugmentationConfig } from '../config/types.js';

export interface AugmentOptions {
  size: number;
  /** Input channels the model expects (1 for radiographs). */
  channels: number;
  augmentation: AugmentationConfig;
  /** False: resize and normalise only (evaluation). */
  train: boolean;
}

export function augmentImage(img: Image, rand: Random, o: AugmentOptions): Image {
  const aug = o.augmentation;
  let x = o.channels === 1 ? toGrey(img) : img;
  if (x.width !== o.size || x.height !== o.size) {
    // Area averaging when shrinking avoids aliasing; bilinear when enlarging.
    x = resize(x, o.size, o.size, x.width > o.size ? 'area' : 'bilinear');
  }
  if (o.train) {
    if (aug.rotationDegrees > 0) x = randomAffine(x, rand, { degrees: aug.rotationDegrees });
    if (aug.horizontalFlipP > 0) x = randomHorizontalFlip(x, rand, aug.horizontalFlipP);
  }
  return normalize(x, aug.mean, aug.std);
}
