import { ConfigError } from '../errors.js';

/**
 * A decoded image on the host: `data` holds `height*width*channels` values in [0,1],
 * row-major with the channel index fastest (HWC, as files store pixels).
 * `channels` is 1 for grey sources, 3 for colour, 4 for colour with alpha (kept only on request).
 */
export interface Image {
  width: number;
  height: number;
  channels: number;
  data: Float32Array;
}

export function makeImage(width: number, height: number, channels: number, data?: Float32Array): Image {
  const n = width * height * channels;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ConfigError(`image: size must be positive integers, got ${width}x${height}`);
  }
  if (data && data.length !== n) {
    throw new ConfigError(`image: ${data.length} values cannot fill ${width}x${height}x${channels}`);
  }
  return { width, height, channels, data: data ?? new Float32Array(n) };
}

/** Luma (ITU-R BT.601 weights) of a colour image; a grey image is returned as is. */
export function toGrey(img: Image): Image {
  if (img.channels === 1) return img;
  if (img.channels < 3) throw new ConfigError(`toGrey: cannot convert ${img.channels} channels`);
  const out = new Float32Array(img.width * img.height);
  const c = img.channels;
  for (let i = 0; i < out.length; i++) {
    const p = i * c;
    out[i] = 0.299 * img.data[p] + 0.587 * img.data[p + 1] + 0.114 * img.data[p + 2];
  }
  return { width: img.width, height: img.height, channels: 1, data: out };
}

/** Drops the alpha channel (RGBA → RGB, grey+alpha → grey) without compositing. */
export function dropAlpha(src: ArrayLike<number>, pixels: number, channels: number): { data: Float32Array; channels: number } {
  const keep = channels === 2 ? 1 : 3;
  const out = new Float32Array(pixels * keep);
  for (let i = 0; i < pixels; i++) for (let k = 0; k < keep; k++) out[i * keep + k] = src[i * channels + k];
  return { data: out, channels: keep };
}
