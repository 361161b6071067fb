/**
 * Operands of the texture GEMM that need no pack dispatch. The texture layout
 * (gemm-texture.ts) stores row r of an operand as consecutive texels of four floats,
 * which is exactly a plain row-major matrix whose rows are already whole texel rows
 * (no column or row padding). Such an operand is copied into the texture with
 * copyBufferToTexture, a memcpy on lavapipe, instead of a pack that calls the
 * operand's load snippet per element: for a short reduction (attention scores with
 * K = 64, a 1×1 convolution) the packs took longer than the GEMM itself.
 *
 * B is stored in column panels (gemm-texture.ts); each panel of each batch is one copy
 * whose source rows are a whole row of B apart, up to MAX_PANEL_COPIES copies.
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

/**
 * Copies beyond which B is packed by a dispatch instead: each copy is a command of its
 * own, and a few hundred of them cost more than one pack.
 */
export const MAX_PANEL_COPIES = 256;

/**
 * Copies `batches` matrices of `rows` rows × `texels` texels (batches back to back in
 * `op`) as column panels of `panel` texels: panel p of batch b fills texture rows
 * (b·NP + p)·rows onwards, NP = texels / panel.
 */
export function copyPanels(rt: GPURuntime, op: RowOperand, tex: GPUTexture, batches: number, rows: number, texels: number, panel: number, perLayer: number): void {
  const np = texels / panel;
  if (np === 1) {
    copyRows(rt, op, tex, batches * rows, texels, perLayer);
    return;
  }
  const pitch = texels * 16;
  for (let b = 0; b < batches; b++) {
    for (let p = 0; p < np; p++) {
      const src = op.offset * 4 + b * rows * pitch + p * panel * 16;
      const dst = (b * np + p) * rows;
      // A panel may straddle array layers: one copy per layer it touches.
      for (let r = 0; r < rows; ) {
        const row = dst + r;
        const h = Math.min(rows - r, perLayer - (row % perLayer));
        rt.copyToTexture(op.buffer, src + r * pitch, pitch, tex, [0, row % perLayer, Math.floor(row / perLayer)], [panel, h]);
        r += h;
      }
    }
  }
}

/** Copies `rows` texel rows of `op` (batches back to back) into `tex`, `perLayer` rows per array layer. */
export function copyRows(rt: GPURuntime, op: RowOperand, tex: GPUTexture, rows: number, texels: number, perLayer: number): void {
  const rowBytes = texels * 16;
  for (let first = 0; first < rows; first += perLayer) {
    const h = Math.min(perLayer, rows - first);
    rt.copyToTexture(op.buffer, op.offset * 4 + first * rowBytes, rowBytes, tex, [0, 0, first / perLayer], [texels, h]);
  }
}
