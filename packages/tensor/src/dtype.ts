/** Element types. `float64` exists on the CPU backend only (gradient checks need it). */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

/** The host array that holds a tensor's elements when read back. bool is 0/1 bytes. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export type TypedArrayFor<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'float64'
    ? Float64Array
    : D extends 'int32'
      ? Int32Array
      : Uint8Array;

export function isFloat(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}

export function bytesPerElement(d: DType): number {
  return d === 'float64' ? 8 : d === 'bool' ? 1 : 4;
}

export function allocArray(d: DType, n: number): TypedArray {
  switch (d) {
    case 'float32':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'bool':
      return new Uint8Array(n);
  }
}

/** Copies `src` into a fresh array of dtype `d` (bool: nonzero → 1, int32: truncation toward zero). */
export function convertArray(src: ArrayLike<number>, d: DType): TypedArray {
  const out = allocArray(d, src.length);
  if (d === 'bool') for (let i = 0; i < src.length; i++) out[i] = src[i] ? 1 : 0;
  else if (d === 'int32') for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]);
  else for (let i = 0; i < src.length; i++) out[i] = src[i];
  return out;
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** PyTorch-style promotion between two tensor dtypes: bool < int32 < float32 < float64. */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

export function assertDType(d: unknown, where: string): asserts d is DType {
  if (!DTYPES.includes(d as DType)) {
    throw new TypeError(`${where}: dtype must be one of ${DTYPES.join(', ')}, got ${String(d)}`);
  }
}
