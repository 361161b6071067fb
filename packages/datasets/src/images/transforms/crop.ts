import { ConfigError } from '../../errors.js';
import { randInt, type Random } from '../../loader/rng.js';
import type { Image } from '../image.js';

/** The `height` x `width` window whose top-left corner is (top, left); it must lie inside the image. */
export function crop(img: Image, top: number, left: number, height: number, width: number): Image {
  if (top < 0 || left < 0 || top + height > img.height || left + width > img.width || height < 1 || width < 1) {
    throw new ConfigError(
      `crop: window ${height}x${width} at (${top}, ${left}) does not fit a ${img.height}x${img.width} image`,
    );
  }
  const C = img.channels;
  const out = new Float32Array(height * width * C);
  for (let y = 0; y < height; y++) {
    const src = ((top + y) * img.width + left) * C;
    out.set(img.data.subarray(src, src + width * C), y * width * C);
  }
  return { width, height, channels: C, data: out };
}

/** The central window (rounded towards the top-left like torchvision). */
export function centerCrop(img: Image, height: number, width: number = height): Image {
  return crop(img, Math.round((img.height - height) / 2), Math.round((img.width - width) / 2), height, width);
}

/** A window at a uniformly random position. */
export function randomCrop(img: Image, height: number, width: number, rand: Random): Image {
  if (height > img.height || width > img.width) {
    throw new ConfigError(`randomCrop: ${height}x${width} is larger than the ${img.height}x${img.width} image`);
  }
  return crop(img, randInt(rand, img.height - height + 1), randInt(rand, img.width - width + 1), height, width);
}
