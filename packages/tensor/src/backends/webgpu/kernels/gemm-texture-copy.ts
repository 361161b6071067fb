/**
 * Operands of the texture GEMM that need no pack dispatch. The texture layout
 * (gemm-texture.ts) stores row r of an operand as consecutive texels of four floats,
 * which is exactly a plain row-major matrix whose rows are already whole texel rows
 * (no column or row padding). Such an operand is copied into the texture with
 * copyBufferToTexture, a memcpy on lavapipe, instead of a pack that calls the
 * operand's load snippet per element: for a short reduction (attention scores with
 * K = 64, a 1×1 convolution) the packs took longer than the GEMM itself.
 *
 * A batch stride of 0 is a broadcast operand (a 1×1 convolution's weights): it is
 * put in the texture once and every batch reads the same rows, packed or copied.
 */
import type { GPURuntime } from '../runtime.js';

/** A row-major operand: element (b, r, c) at offset + b·batchStride + r·cols + c (elements). */
export interface RowOperand {
  buffer: GPUBuffer;
  offset: number;
  /** Elements between batches; 0 broadcasts one matrix to every batch. */
  batchStride: number;
}

/** Texels per row a copy needs (bytesPerRow a multiple of 256). */
const COPY_ROW_TEXELS = 16;

/**
 * Whether `op` (rows × cols per batch) can be copied into a texture whose rows are
 * `padRows` per batch and `texels` wide: no padding anywhere, rows whole copy rows,
 * batches back to back (or one broadcast batch), offset on a texel.
 */
export function copyable(op: RowOperand, batch: number, rows: number, cols: number, padRows: number, texels: number): boolean {
  return (
    op.offset % 4 === 0 &&
    cols === texels * 4 &&
    texels % COPY_ROW_TEXELS === 0 &&
    rows === padRows &&
    (batch === 1 || op.batchStride === 0 || op.batchStride === rows * cols)
  );
}

/** Copies `rows` texel rows of `op` (batches back to back) into `tex`, `perLayer` rows per array layer. */
export function copyRows(rt: GPURuntime, op: RowOperand, tex: GPUTexture, rows: number, texels: number, perLayer: number): void {
  const rowBytes = texels * 16;
  for (let first = 0; first < rows; first += perLayer) {
    const h = Math.min(perLayer, rows - first);
    rt.copyToTexture(op.buffer, op.offset * 4 + first * rowBytes, rowBytes, tex, [0, 0, first / perLayer], [texels, h]);
  }
}
