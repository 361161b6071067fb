import { tensor, type Tensor } from '@prior/tensor';
import type { Image } from '../image.js';

/** Planar [C,H,W] copy of an interleaved image, for batching without a tensor per image. */
export function toCHW(img: Image, out = new Float32Array(img.data.length), offset = 0): Float32Array {
  const { width: W, height: H, channels: C } = img;
  const plane = W * H;
  for (let i = 0; i < plane; i++) for (let c = 0; c < C; c++) out[offset + c * plane + i] = img.data[i * C + c];
  return out;
}

/** A float32 tensor of shape [C,H,W]. */
export function toTensor(img: Image): Tensor {
  return tensor(toCHW(img), { shape: [img.channels, img.height, img.width], dtype: 'float32' });
}
