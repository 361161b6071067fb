/**
 * PyTorch's attention-mask conventions turned into one additive float mask:
 * bool true = may NOT attend (−∞), float = added to the scores.
 */
import * as T from '@prior/tensor';
import { type DType, type Tensor, ShapeError } from '@prior/tensor';

/** Additive float version of a bool (true = masked) or float mask. */
export function additive(mask: Tensor, dtype: DType): Tensor {
  return mask.dtype === 'bool' ? T.where(mask, -Infinity, T.zeros([], { dtype, device: mask.backend })) : T.cast(mask, dtype);
}

/** Float [L, S]: −∞ above the diagonal (query i sees keys j <= i). */
export function causalMask(l: number, s: number, dtype: DType, like: Tensor): Tensor {
  return T.scope(() => {
    const rows = T.reshape(T.arange(0, l, 1, { device: like.backend, dtype: 'int32' }), [l, 1]);
    const cols = T.reshape(T.arange(0, s, 1, { device: like.backend, dtype: 'int32' }), [1, s]);
    return additive(T.gt(cols, rows), dtype);
  });
}

export interface MaskParts {
  /** [L, S] or [B·H, L, S]. */
  attnMask?: Tensor | null;
  /** [B, S]. */
  keyPaddingMask?: Tensor | null;
  isCausal?: boolean;
}

/** One additive mask broadcastable to [B, H, L, S], or null when nothing is masked. */
export function combineMasks(p: MaskParts, b: number, h: number, l: number, s: number, dtype: DType, like: Tensor): Tensor | null {
  return T.scope(() => {
    const parts: Tensor[] = [];
    if (p.attnMask) {
      const m = p.attnMask;
      if (m.rank === 2 && m.shape[0] === l && m.shape[1] === s) parts.push(T.reshape(additive(m, dtype), [1, 1, l, s]));
      else if (m.rank === 3 && m.shape[0] === b * h && m.shape[1] === l && m.shape[2] === s) parts.push(T.reshape(additive(m, dtype), [b, h, l, s]));
      else throw new ShapeError(`attention: attnMask must be [${l}, ${s}] or [${b * h}, ${l}, ${s}], got [${m.shape.join(', ')}]`);
    }
    if (p.keyPaddingMask) {
      const m = p.keyPaddingMask;
      if (m.rank !== 2 || m.shape[0] !== b || m.shape[1] !== s) throw new ShapeError(`attention: keyPaddingMask must be [${b}, ${s}], got [${m.shape.join(', ')}]`);
      parts.push(T.reshape(additive(m, dtype), [b, 1, 1, s]));
    }
    if (p.isCausal) parts.push(T.reshape(causalMask(l, s, dtype, like), [1, 1, l, s]));
    if (parts.length === 0) return null;
    return parts.reduce((acc, m) => T.add(acc, m));
  });
}
