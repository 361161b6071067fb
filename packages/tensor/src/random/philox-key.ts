/** Splits a seed (number or bigint) into the two 32-bit Philox key words. */
export function seedToKey(seed: number | bigint): [number, number] {
  if (typeof seed === 'number' && (!Number.isSafeInteger(seed) || seed < 0)) {
    throw new RangeError(`seed must be a non-negative safe integer or a bigint, got ${seed}`);
  }
  const s = BigInt.asUintN(64, BigInt(seed));
  return [Number(s & 0xffffffffn), Number(s >> 32n)];
}
