/**
 * softmax(q·kᵀ·scale + mask)·v, fused. The backward recomputes nothing: it reuses the
 * saved attention weights p. dS = p ⊙ (dP − Σ dP⊙p), then dq = dS·k·scale and
 * dk = dSᵀ·q·scale. Batch dims broadcast like matmul's.
 */
import * as T from '@prior/tensor';
import { DTypeError, ShapeError, type Tensor } from '@prior/tensor';
import { customVjp } from '../record.js';

export interface AttentionOptions {
  /** Additive float mask, or a bool mask (true = may attend), broadcastable to [..., L, S]. */
  mask?: Tensor | null;
  /** Mask out keys after each query's position (top-left aligned, as PyTorch). */
  isCausal?: boolean;
  /** Default 1/√E. */
  scale?: number;
}

const kt = (k: Tensor) => T.transpose(k, -1, -2);

/** Bool [L, S]: query i may attend key j when j <= i. */
function causalMask(l: number, s: number, like: Tensor): Tensor {
  const rows = T.reshape(T.arange(0, l, 1, { device: like.backend }), [l, 1]);
  const cols = T.reshape(T.arange(0, s, 1, { device: like.backend }), [1, s]);
  return T.le(cols, rows);
}

const fused = customVjp(
  (q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, causal: boolean, scale: number) => {
    let s = T.mul(T.matmul(q, kt(k)), scale);
    if (mask) s = mask.dtype === 'bool' ? T.where(mask, s, -Infinity) : T.add(s, mask);
    if (causal) s = T.where(causalMask(q.shape[q.rank - 2], k.shape[k.rank - 2], q), s, -Infinity);
    const p = T.softmax(s, -1);
    return { output: T.matmul(p, v), saved: [q, k, v, p] };
  },
  (g, [q, k, v, p], needs, [, , , mask, , scale]) => {
    const gv = needs[2] ? T.matmul(kt(p), g) : null;
    if (!needs[0] && !needs[1] && !needs[3]) return [null, null, gv, null];
    const gp = T.matmul(g, kt(v));
    const gs = T.mul(p, T.sub(gp, T.sum(T.mul(gp, p), -1, { keepdim: true })));
    return [
      needs[0] ? T.mul(T.matmul(gs, k), scale) : null,
      needs[1] ? T.mul(T.matmul(kt(gs), q), scale) : null,
      gv,
      needs[3] && mask && mask.dtype !== 'bool' ? gs : null,
    ];
  },
  'scaledDotProductAttention',
);

export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): Tensor {
  if (q.rank < 2 || k.rank < 2 || v.rank < 2) throw new ShapeError(`scaledDotProductAttention: q, k, v must be at least 2-D, got [${q.shape}], [${k.shape}], [${v.shape}]`);
  const e = q.shape[q.rank - 1];
  if (k.shape[k.rank - 1] !== e || k.shape[k.rank - 2] !== v.shape[v.rank - 2]) {
    throw new ShapeError(`scaledDotProductAttention: q [${q.shape}], k [${k.shape}], v [${v.shape}] do not fit (need q[..., E], k[..., S, E], v[..., S, Ev])`);
  }
  const mask = opts.mask ?? null;
  if (mask && mask.dtype !== 'bool' && mask.dtype !== q.dtype) throw new DTypeError(`scaledDotProductAttention: mask must be bool or ${q.dtype}, got ${mask.dtype}`);
  return fused(q, k, v, mask, opts.isCausal ?? false, opts.scale ?? 1 / Math.sqrt(e));
}
