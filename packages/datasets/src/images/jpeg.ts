import * as jpegModule from 'jpeg-js';
import { ConfigError, DecodeError } from '../errors.js';
import { interop } from './cjs.js';
import type { Image } from './image.js';
import { encodeGreyJpeg } from './jpeg-grey-encoder.js';

const jpeg = interop(jpegModule);

/** Number of colour components in the frame header (SOFn), or undefined if none is found. */
export function jpegComponents(bytes: Uint8Array): number | undefined {
  let p = 2;
  while (p + 4 <= bytes.length) {
    if (bytes[p] !== 0xff) return undefined;
    const marker = bytes[p + 1];
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    const len = (bytes[p + 2] << 8) | bytes[p + 3];
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return p + 9 < bytes.length ? bytes[p + 9] : undefined;
    if (marker === 0xda) return undefined; // scan started before a frame header
    p += 2 + len;
  }
  return undefined;
}

/** A complete JPEG ends with the EOI marker (FFD9); a few bytes of padding after it are tolerated. */
function hasEndMarker(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 2; i >= Math.max(0, bytes.length - 64); i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  }
  return false;
}

/**
 * Decodes a baseline or progressive JPEG. A one-component JPEG is grey; so is a
 * three-component one whose pixels are all grey (as written by encoders without a
 * greyscale mode), so that grey radiographs come back with one channel either way.
 */
export function decodeJpeg(bytes: Uint8Array, name: string): Image {
  if (!hasEndMarker(bytes)) throw new DecodeError(name, 'JPEG is truncated (no end-of-image marker)');
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      tolerantDecoding: false,
      maxResolutionInMP: 400,
      maxMemoryUsageInMB: 2048,
    });
  } catch (e) {
    throw new DecodeError(name, `not a readable JPEG (${(e as Error).message})`);
  }
  const { width, height, data: rgb } = img;
  const pixels = width * height;
  const comps = jpegComponents(bytes);
  let grey = comps === 1;
  if (!grey) {
    grey = true;
    for (let i = 0; i < pixels && grey; i++) {
      const r = rgb[3 * i];
      grey = r === rgb[3 * i + 1] && r === rgb[3 * i + 2];
    }
  }
  if (grey) {
    const data = new Float32Array(pixels);
    for (let i = 0; i < pixels; i++) data[i] = rgb[3 * i] / 255;
    return { width, height, channels: 1, data };
  }
  const data = new Float32Array(pixels * 3);
  for (let i = 0; i < data.length; i++) data[i] = rgb[i] / 255;
  return { width, height, channels: 3, data };
}

export interface EncodeJpegOptions {
  /** 1..100 (IJG scale), default 90. */
  quality?: number;
  /** 1 (grey, written as a one-component JPEG like MIMIC-CXR-JPG) or 3 (RGB); default 1. */
  channels?: 1 | 3;
}

/** Writes a baseline JPEG from [0,1] floats or 8-bit values. */
export function encodeJpeg(
  pixels: Float32Array | Uint8Array,
  width: number,
  height: number,
  opts: EncodeJpegOptions = {},
): Uint8Array {
  const channels = opts.channels ?? 1;
  const quality = opts.quality ?? 90;
  if (pixels.length !== width * height * channels) {
    throw new ConfigError(`encodeJpeg: ${pixels.length} values cannot fill ${width}x${height}x${channels}`);
  }
  if (!(quality >= 1 && quality <= 100)) throw new ConfigError(`encodeJpeg: quality must be in 1..100, got ${quality}`);
  const bytes = new Uint8Array(pixels.length);
  const scale = pixels instanceof Float32Array ? 255 : 1;
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.round(Math.min(255, Math.max(0, pixels[i] * scale)));
  if (channels === 1) return encodeGreyJpeg(bytes, width, height, quality);
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba.set(bytes.subarray(3 * i, 3 * i + 3), 4 * i);
    rgba[4 * i + 3] = 255;
  }
  return new Uint8Array(jpeg.encode({ width, height, data: rgba }, quality).data);
}
