/**
 * The element types of the safetensors format, in the reference implementation's enum
 * order (ascending alignment): a writer places tensors by descending order, then name.
 */
export const SAFE_DTYPES = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64'] as const;

export type SafeDType = (typeof SAFE_DTYPES)[number];

const SIZES: Record<SafeDType, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8,
};

export function isSafeDType(d: unknown): d is SafeDType {
  return typeof d === 'string' && (SAFE_DTYPES as readonly string[]).includes(d);
}

export function dtypeSize(d: SafeDType): number {
  return SIZES[d];
}

/** Position in the enum: the writer's sort key. */
export function dtypeRank(d: SafeDType): number {
  return SAFE_DTYPES.indexOf(d);
}
