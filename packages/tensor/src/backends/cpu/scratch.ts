/**
 * Reusable Float64Array work space for kernel temporaries (im2col matrices, double
 * accumulators, contiguous copies of operands). A fresh multi-megabyte typed array
 * costs page faults and GC work: here, allocating and touching 8 MB took ~6 ms of CPU
 * against ~0.4 ms to refill a kept buffer. Kernels run synchronously, so a kernel may
 * borrow several slots as long as no two of its live temporaries share one, and nothing
 * it returns may be a scratch array (results are always copied out).
 */
export const Slot = { A: 0, B: 1, C: 2, D: 3, E: 4 } as const;
type SlotId = (typeof Slot)[keyof typeof Slot];

const buffers: Float64Array[] = [];

/** A work array of n doubles in `slot`, with unspecified contents. */
export function scratchF64(slot: SlotId, n: number): Float64Array {
  let buf = buffers[slot];
  if (!buf || buf.length < n) {
    // Grow by at least half so a slowly growing size does not reallocate every call.
    buf = new Float64Array(Math.max(n, Math.ceil((buf?.length ?? 0) * 1.5)));
    buffers[slot] = buf;
  }
  return buf.subarray(0, n);
}

/** A work array of n zeros in `slot`. */
export function zeroedF64(slot: SlotId, n: number): Float64Array {
  const buf = scratchF64(slot, n);
  buf.fill(0);
  return buf;
}
