import { ConfigError } from '../errors.js';

/**
 * The SIIM-ACR Pneumothorax competition's run-length encoding. Pixels are numbered
 * column by column (index = x*height + y, i.e. the transpose of row-major order);
 * each pair is (start, length) where start counts from the end of the previous run,
 * not from 0. An empty mask is written "-1". Masks here are row-major 0/1 bytes.
 */
export function rleDecode(rle: string, width = 1024, height = 1024): Uint8Array {
  const mask = new Uint8Array(width * height);
  const s = rle.trim();
  if (s === '-1' || s === '') return mask;
  const nums = s.split(/\s+/).map(Number);
  if (nums.length % 2 !== 0) throw new ConfigError(`rleDecode: odd number of values (${nums.length})`);
  const total = width * height;
  let pos = 0;
  for (let k = 0; k < nums.length; k += 2) {
    const start = nums[k];
    const len = nums[k + 1];
    if (!Number.isInteger(start) || !Number.isInteger(len) || start < 0 || len < 1) {
      throw new ConfigError(`rleDecode: bad run (${nums[k]}, ${nums[k + 1]}) at pair ${k / 2}`);
    }
    pos += start;
    if (pos + len > total) throw new ConfigError(`rleDecode: run ends at ${pos + len}, past the ${width}x${height} mask`);
    for (let p = pos; p < pos + len; p++) {
      const x = Math.floor(p / height);
      mask[(p - x * height) * width + x] = 1;
    }
    pos += len;
  }
  return mask;
}

/** Inverse of rleDecode: any non-zero pixel is in the mask. */
export function rleEncode(mask: ArrayLike<number>, width = 1024, height = 1024): string {
  if (mask.length !== width * height) throw new ConfigError(`rleEncode: ${mask.length} values cannot fill ${width}x${height}`);
  const out: number[] = [];
  let prevEnd = 0;
  let runStart = -1;
  const total = width * height;
  for (let p = 0; p <= total; p++) {
    let on = false;
    if (p < total) {
      const x = Math.floor(p / height);
      on = mask[(p - x * height) * width + x] !== 0;
    }
    if (on && runStart < 0) runStart = p;
    else if (!on && runStart >= 0) {
      out.push(runStart - prevEnd, p - runStart);
      prevEnd = p;
      runStart = -1;
    }
  }
  return out.length === 0 ? '-1' : out.join(' ');
}
