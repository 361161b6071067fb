import { ConfigError } from '../../errors.js';
import type { Image } from '../image.js';

/** (x - mean[c]) / std[c] per channel; a single number applies to every channel. */
export function normalize(img: Image, mean: number | readonly number[], std: number | readonly number[]): Image {
  const C = img.channels;
  const m = typeof mean === 'number' ? new Array<number>(C).fill(mean) : mean;
  const s = typeof std === 'number' ? new Array<number>(C).fill(std) : std;
  if (m.length !== C || s.length !== C) {
    throw new ConfigError(`normalize: mean/std have ${m.length}/${s.length} values for ${C} channels`);
  }
  if (s.some((v) => !(v > 0))) throw new ConfigError(`normalize: std must be positive, got [${s.join(', ')}]`);
  const out = new Float32Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = (img.data[i] - m[i % C]) / s[i % C];
  return { ...img, data: out };
}
