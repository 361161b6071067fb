/**
 * Reference encoders that show the tasks can succeed and fail:
 * - oracle: knows every image's label. Its image features are the label vector (one-hot or
 *   multi-hot) plus seeded noise; its text vectors are the one-hot class a text names. The
 *   encoder interface is synchronous and tensor-only, so the oracle recognises an image by
 *   a fixed random projection of its pixels (computed for the known set beforehand) and
 *   looks the label up with a sharp Gaussian kernel — all in tensor ops.
 * - constant: every image and text maps to the same vector (all scores tie).
 */
import * as A from '@prior/autograd';
import type { Parameter } from '@prior/nn';
import { Generator, type Tensor, randn, tensor, scope } from '@prior/tensor';
import type { Encoder, ImageEncoding, TextBatch, TextEncoding } from '../../src/index.js';

const STRIDE = 32;

function mapsFrom(feat: Tensor, b: number, size: number): ImageEncoding['featureMaps'] {
  const side = Math.ceil(size / STRIDE);
  return [A.expand(A.reshape(feat, [b, feat.shape[1], 1, 1]), [b, feat.shape[1], side, side])];
}

/** Projection direction shared by the oracle and its key computation. */
function projection(pixels: number): Tensor {
  return randn([pixels, 1], { generator: new Generator(1234) });
}

export interface OracleSpec {
  /** Preprocessed images the oracle must know (CHW floats) and their label vectors (width C). */
  pixels: readonly Float32Array[];
  labels: readonly number[][];
  /** Class names: a text naming class k (case-insensitive) maps to one-hot k. */
  classNames: readonly string[];
  size: number;
  noise?: number;
}

export async function oracleEncoder(spec: OracleSpec): Promise<Encoder> {
  const c = spec.classNames.length;
  const per = spec.pixels[0].length;
  const proj = projection(per);
  const flat = new Float32Array(spec.pixels.length * per);
  spec.pixels.forEach((p, i) => flat.set(p, i * per));
  const keysT = scope(() => A.matmul(tensor(flat, { shape: [spec.pixels.length, per] }), proj));
  const keys = await keysT.data();
  keysT.dispose();
  // Kernel width: well below the smallest gap between two distinct keys.
  const sorted = Array.from(keys).sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] - sorted[i - 1] > 1e-6) gap = Math.min(gap, sorted[i] - sorted[i - 1]);
  const width = Math.min(gap / 8, 1e-3);
  const keyRow = tensor(Float32Array.from(keys), { shape: [1, keys.length] });
  const labelMat = tensor(Float32Array.from(spec.labels.flat()), { shape: [spec.labels.length, c] });
  const noiseGen = new Generator(99);
  const sigma = spec.noise ?? 0.1;
  const textVec = (t: string) => {
    const lower = t.toLowerCase();
    return spec.classNames.map((n) => (lower.includes(n.toLowerCase()) ? 1 : 0));
  };
  return {
    name: 'oracle',
    embedDim: c,
    featureChannels: [c],
    featureStrides: [STRIDE],
    encodeImages(images: Tensor): ImageEncoding {
      const b = images.shape[0];
      const s = A.matmul(A.reshape(images, [b, per]), proj); // [B, 1]
      const w = A.exp(A.neg(A.square(A.div(A.sub(s, keyRow), width)))); // [B, N]
      const feat = A.add(A.matmul(w, labelMat), A.mul(randn([b, c], { generator: noiseGen }), sigma));
      return { global: feat, regions: A.unsqueeze(feat, 1), featureMaps: mapsFrom(feat, b, images.shape[2]) };
    },
    encodeTexts(texts: TextBatch): TextEncoding {
      const rows = (texts.texts ?? []).map(textVec);
      return { global: tensor(Float32Array.from(rows.flat()), { shape: [rows.length, c] }) };
    },
    similarity(images: ImageEncoding, texts: TextEncoding): Tensor {
      return A.matmul(images.global, A.transpose(texts.global, 0, 1));
    },
    imageParameters(): Parameter[] {
      return [];
    },
    train(): void {},
  };
}

export function constantEncoder(dim = 4): Encoder {
  const ones = (b: number, ...rest: number[]) => tensor(new Float32Array(b * rest.reduce((a, x) => a * x, 1)).fill(1), { shape: [b, ...rest] });
  return {
    name: 'constant',
    embedDim: dim,
    featureChannels: [dim],
    featureStrides: [STRIDE],
    encodeImages(images: Tensor): ImageEncoding {
      const b = images.shape[0];
      const side = Math.ceil(images.shape[2] / STRIDE);
      return { global: ones(b, dim), regions: ones(b, 1, dim), featureMaps: [ones(b, dim, side, side)] };
    },
    encodeTexts(texts: TextBatch): TextEncoding {
      return { global: ones(texts.ids.shape[0], dim) };
    },
    similarity(images: ImageEncoding, texts: TextEncoding): Tensor {
      return A.matmul(images.global, A.transpose(texts.global, 0, 1));
    },
    imageParameters(): Parameter[] {
      return [];
    },
    train(): void {},
  };
}
