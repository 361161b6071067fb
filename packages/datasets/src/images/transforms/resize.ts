import { ConfigError } from '../../errors.js';
import type { Image } from '../image.js';

export type ResizeMode = 'bilinear' | 'area';

/**
 * Resizes to `height` x `width`. 'bilinear' matches PyTorch's interpolate
 * (align_corners=False, no antialias), good for enlarging; 'area' averages the exact
 * source area under each output pixel (fractional coverage), good for shrinking.
 */
export function resize(img: Image, height: number, width: number, mode: ResizeMode = 'bilinear'): Image {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new ConfigError(`resize: size must be positive integers, got ${height}x${width}`);
  }
  if (mode !== 'area' && mode !== 'bilinear') throw new ConfigError(`resize: unknown mode "${mode}"`);
  const rows = mode === 'area' ? areaWeights(img.height, height) : bilinearWeights(img.height, height);
  const cols = mode === 'area' ? areaWeights(img.width, width) : bilinearWeights(img.width, width);
  return separable(img, height, width, rows, cols);
}

/** For each output index: source indices and weights. */
type Weights = { idx: Int32Array; w: Float64Array; start: Int32Array };

function bilinearWeights(inSize: number, outSize: number): Weights {
  const idx = new Int32Array(outSize * 2);
  const w = new Float64Array(outSize * 2);
  const start = new Int32Array(outSize + 1);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const src = Math.max(0, (o + 0.5) * scale - 0.5);
    const i0 = Math.min(Math.floor(src), inSize - 1);
    const i1 = Math.min(i0 + 1, inSize - 1);
    const l = src - i0;
    idx[2 * o] = i0;
    idx[2 * o + 1] = i1;
    w[2 * o] = 1 - l;
    w[2 * o + 1] = l;
    start[o + 1] = 2 * o + 2;
  }
  return { idx, w, start };
}

function areaWeights(inSize: number, outSize: number): Weights {
  const scale = inSize / outSize;
  const idx: number[] = [];
  const w: number[] = [];
  const start = new Int32Array(outSize + 1);
  for (let o = 0; o < outSize; o++) {
    const lo = o * scale;
    const hi = (o + 1) * scale;
    for (let i = Math.floor(lo); i < Math.min(inSize, Math.ceil(hi)); i++) {
      const cover = Math.min(hi, i + 1) - Math.max(lo, i);
      if (cover > 1e-12) {
        idx.push(i);
        w.push(cover / scale);
      }
    }
    start[o + 1] = idx.length;
  }
  return { idx: Int32Array.from(idx), w: Float64Array.from(w), start };
}

function separable(img: Image, height: number, width: number, rows: Weights, cols: Weights): Image {
  const C = img.channels;
  // Columns first, into an (in-height x width) buffer, then rows.
  const tmp = new Float64Array(img.height * width * C);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < width; x++) {
      for (let k = cols.start[x]; k < cols.start[x + 1]; k++) {
        const src = (y * img.width + cols.idx[k]) * C;
        const dst = (y * width + x) * C;
        for (let c = 0; c < C; c++) tmp[dst + c] += cols.w[k] * img.data[src + c];
      }
    }
  }
  const out = new Float32Array(height * width * C);
  for (let y = 0; y < height; y++) {
    for (let k = rows.start[y]; k < rows.start[y + 1]; k++) {
      const wy = rows.w[k];
      const srcRow = rows.idx[k] * width * C;
      const dstRow = y * width * C;
      for (let i = 0; i < width * C; i++) out[dstRow + i] += wy * tmp[srcRow + i];
    }
  }
  return { width, height, channels: C, data: out };
}
