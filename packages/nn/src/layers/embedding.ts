/**
 * A lookup table [numEmbeddings, embeddingDim], N(0, 1) at init. With paddingIdx, that
 * row starts at zero and receives no gradient (its value is still returned as stored).
 */
import * as A from '@prior/autograd';
import * as T from '@prior/tensor';
import { DTypeError, type Tensor, ShapeError } from '@prior/tensor';
import { normal } from '../init/init.js';
import type { FactoryOptions } from '../init/options.js';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';

export interface EmbeddingOptions extends FactoryOptions {
  paddingIdx?: number | null;
}

export class Embedding extends Module {
  readonly weight: Parameter;
  readonly paddingIdx: number | null;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    opts: EmbeddingOptions = {},
  ) {
    super();
    let pad = opts.paddingIdx ?? null;
    if (pad !== null) {
      if (!Number.isInteger(pad) || pad >= numEmbeddings || pad < -numEmbeddings) {
        throw new ShapeError(`Embedding: paddingIdx ${pad} must be an integer in [-${numEmbeddings}, ${numEmbeddings})`);
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    const w = normal([numEmbeddings, embeddingDim], 0, 1, opts);
    this.weight = this.registerParameter('weight', new Parameter(pad === null ? w : zeroRow(w, pad)));
  }

  /** int32 indices of any shape → [...indices.shape, embeddingDim]. */
  forward(indices: Tensor): Tensor {
    if (indices.dtype !== 'int32') throw new DTypeError(`Embedding: indices must be int32, got ${indices.dtype}`);
    const flat = T.reshape(indices, [-1]);
    const w = this.weight.value;
    let rows = A.indexSelect(w, 0, flat);
    if (this.paddingIdx !== null) {
      // Same values; padding positions take them from a constant copy, so no gradient reaches that row.
      const isPad = T.unsqueeze(T.eq(flat, this.paddingIdx), 1);
      const frozen = A.noGrad(() => A.indexSelect(w, 0, flat));
      rows = A.where(isPad, frozen, rows);
    }
    return A.reshape(rows, [...indices.shape, this.embeddingDim]);
  }
}

/** w with one row zeroed (w is consumed). */
function zeroRow(w: Tensor, row: number): Tensor {
  const out = T.scope(() => {
    const keepRow = T.reshape(T.ne(T.arange(0, w.shape[0], 1, { device: w.backend, dtype: 'int32' }), row), [w.shape[0], 1]);
    return T.where(keepRow, w, 0);
  });
  w.dispose();
  return out;
}
