import { PHILOX_M0, PHILOX_M1, PHILOX_ROUNDS, PHILOX_W0, PHILOX_W1 } from '../../random/spec.js';

/**
 * High 32 bits of the unsigned 64-bit product a·b. Doubles cannot hold the product
 * exactly, so it is assembled from 16-bit halves: every partial product and partial
 * sum below stays under 2^53.
 */
export function mulhi32(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const lh = al * bh;
  const hl = ah * bl;
  const carry = Math.floor((al * bl) / 0x10000) + (lh % 0x10000) + (hl % 0x10000);
  return (ah * bh + Math.floor(lh / 0x10000) + Math.floor(hl / 0x10000) + Math.floor(carry / 0x10000)) >>> 0;
}

/**
 * Philox4x32-10: ten rounds of two 32×32→64 multiplies with the key bumped by the Weyl
 * constants before every round after the first. Words are unsigned 32-bit numbers.
 */
export function philox4x32(ctr: readonly number[], key: readonly number[], out: Uint32Array = new Uint32Array(4)): Uint32Array {
  let c0 = ctr[0] >>> 0;
  let c1 = ctr[1] >>> 0;
  let c2 = ctr[2] >>> 0;
  let c3 = ctr[3] >>> 0;
  let k0 = key[0] >>> 0;
  let k1 = key[1] >>> 0;
  for (let r = 0; r < PHILOX_ROUNDS; r++) {
    if (r > 0) {
      k0 = (k0 + PHILOX_W0) >>> 0;
      k1 = (k1 + PHILOX_W1) >>> 0;
    }
    const hi0 = mulhi32(PHILOX_M0, c0);
    const lo0 = Math.imul(PHILOX_M0, c0) >>> 0;
    const hi1 = mulhi32(PHILOX_M1, c2);
    const lo1 = Math.imul(PHILOX_M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
  return out;
}
