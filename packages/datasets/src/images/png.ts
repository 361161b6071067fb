import * as fastPngModule from 'fast-png';
import { ConfigError, DecodeError } from '../errors.js';
import { interop } from './cjs.js';
import { dropAlpha, type Image } from './image.js';

const fastPng = interop(fastPngModule);

export interface DecodeOptions {
  /** Keep an alpha channel (RGBA stays 4 channels); dropped by default. */
  keepAlpha?: boolean;
}

/** Decodes a PNG of any bit depth and colour type into values in [0,1]. */
export function decodePng(bytes: Uint8Array, name: string, opts: DecodeOptions = {}): Image {
  let png: ReturnType<typeof fastPng.decode>;
  try {
    png = fastPng.decode(bytes, { checkCrc: true });
  } catch (e) {
    throw new DecodeError(name, `not a readable PNG (${(e as Error).message})`);
  }
  const { width, height } = png;
  let channels = png.channels;
  let depth: number = png.depth;
  let raw: ArrayLike<number> = png.data;
  if (png.palette) {
    raw = fastPng.convertIndexedToRgb(png);
    channels = raw.length / (width * height);
    depth = 8;
  } else if (depth < 8) {
    raw = unpackBits(png.data as Uint8Array, width, height, channels, depth);
  }
  const pixels = width * height;
  if (raw.length < pixels * channels) {
    throw new DecodeError(name, `PNG pixel data is short: ${raw.length} values for ${width}x${height}x${channels}`);
  }
  const scale = 1 / ((1 << depth) - 1);
  let data: Float32Array = new Float32Array(pixels * channels);
  for (let i = 0; i < data.length; i++) data[i] = raw[i] * scale;
  if ((channels === 2 || channels === 4) && !opts.keepAlpha) ({ data, channels } = dropAlpha(data, pixels, channels));
  return { width, height, channels, data };
}

/** Rows of 1/2/4-bit samples are packed most-significant bit first, each row padded to a byte. */
function unpackBits(packed: Uint8Array, width: number, height: number, channels: number, depth: number): Uint8Array {
  const perRow = width * channels;
  const rowBytes = Math.ceil((perRow * depth) / 8);
  const out = new Uint8Array(perRow * height);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < perRow; x++) {
      const bit = x * depth;
      const byte = packed[y * rowBytes + (bit >> 3)];
      out[y * perRow + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

export interface EncodePngOptions {
  /** 8 or 16; defaults to 16 for Uint16Array input and 8 otherwise. */
  bitDepth?: 8 | 16;
  /** 1 (grey), 2, 3 (RGB) or 4; default 1. */
  channels?: number;
}

/**
 * Writes a PNG. Float input is taken as [0,1] and rounded to the bit depth; integer
 * input is written as is (Uint8Array as 8-bit, Uint16Array as 16-bit).
 */
export function encodePng(
  pixels: Float32Array | Uint8Array | Uint16Array,
  width: number,
  height: number,
  opts: EncodePngOptions = {},
): Uint8Array {
  const channels = opts.channels ?? 1;
  const depth = opts.bitDepth ?? (pixels instanceof Uint16Array ? 16 : 8);
  if (pixels.length !== width * height * channels) {
    throw new ConfigError(`encodePng: ${pixels.length} values cannot fill ${width}x${height}x${channels}`);
  }
  const max = depth === 16 ? 65535 : 255;
  const out = depth === 16 ? new Uint16Array(pixels.length) : new Uint8Array(pixels.length);
  if (pixels instanceof Float32Array) {
    for (let i = 0; i < pixels.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, pixels[i])) * max);
  } else if ((pixels instanceof Uint16Array) === (depth === 16)) {
    out.set(pixels);
  } else {
    // 8 ↔ 16 bit: rescale so full range maps to full range.
    const s = max / (pixels instanceof Uint16Array ? 65535 : 255);
    for (let i = 0; i < pixels.length; i++) out[i] = Math.round(pixels[i] * s);
  }
  return fastPng.encode({ width, height, data: out, depth, channels });
}
