/**
 * Source taps of one output coordinate along one axis, shared by the forward and
 * backward resampling kernels so both use exactly the same arithmetic:
 *  - nearest: src = min(⌊dst · scale⌋, in − 1), scale = in/out rounded to f32 and the
 *    product in f32, as PyTorch's kernel computes it.
 *  - bilinear, alignCorners: src = dst · (in − 1)/(out − 1) (0 when out = 1).
 *  - bilinear otherwise: src = max((dst + ½) · in/out − ½, 0).
 * Left tap i0 = min(⌊src⌋, in − 1), right tap i1 = i0 + 1 clamped to in − 1, and the
 * right weight l1 = src − i0 (0 for nearest).
 */
import type { UpsampleMode } from '../../../backend.js';

export type Resample = 'nearest' | 'bilinear-ac' | 'bilinear';

export function resampleKind(mode: UpsampleMode, alignCorners: boolean): Resample {
  return mode === 'nearest' ? 'nearest' : alignCorners ? 'bilinear-ac' : 'bilinear';
}

/** The per-axis scale uploaded as an f32 uniform. */
export function resampleScale(kind: Resample, inSize: number, outSize: number): number {
  if (kind === 'bilinear-ac') return outSize > 1 ? (inSize - 1) / (outSize - 1) : 0;
  return inSize / outSize;
}

/** WGSL `fn tapsOf(d, n, scale) -> Taps` for one kind (n = input length). */
export function tapsWGSL(kind: Resample): string {
  const src =
    kind === 'nearest'
      ? 'f32(d) * scale'
      : kind === 'bilinear-ac'
        ? 'scale * f32(d)'
        : 'max((f32(d) + 0.5) * scale - 0.5, 0.0)';
  const l1 = kind === 'nearest' ? '0.0' : 'src - f32(i0)';
  return `
struct Taps { i0: i32, i1: i32, l1: f32 }
fn tapsOf(d: i32, n: i32, scale: f32) -> Taps {
  let src = ${src};
  let i0 = min(i32(floor(src)), n - 1);
  return Taps(i0, select(i0, i0 + 1, i0 < n - 1), ${l1});
}`;
}
