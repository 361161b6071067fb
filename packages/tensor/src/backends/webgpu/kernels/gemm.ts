/**
 * The GEMM behind matmul and every convolution kernel:
 *   out[b, m, n] = Σ_k loadA(b, m, k) · loadB(b, k, n), written by store(b, m, n, acc).
 *
 * Callers describe their operands as WGSL snippets (strides, im2col index math, zero
 * padding and bias live there) and runGemm picks a variant of the loop:
 *  - small problems: the shared-memory tiles with small tiles (few workgroups);
 *  - otherwise the adapter's variant (tuning/matmul-variant.ts): 'shared' (workgroup
 *    memory tiles, for real GPUs) or 'texture' (operands packed into rgba32float
 *    textures, for software rasterisers), falling back to 'shared' where the texture
 *    limits or the element type rule the texture variant out.
 *
 * Contract for the operand snippet (all indices i32, T the element type):
 *   fn gemmSetup(b: i32)                      per-batch setup (e.g. batch base offsets)
 *   fn loadA(b: i32, m: i32, k: i32) -> T     called only for m < M, k < K
 *   fn loadB(b: i32, k: i32, n: i32) -> T     called only for k < K, n < N
 *   fn store(b: i32, m: i32, n: i32, v: T)    called only for m < M, n < N
 * The core uniforms u_M(), u_N(), u_K() are available to the snippets.
 */
import type { DispatchBuffer, GPURuntime } from '../runtime.js';
import { forcedMatmulVariant, matmulVariantFor, type MatmulVariant } from '../tuning/matmul-variant.js';
import type { Fields } from './gemm-uniforms.js';
import { chooseTile, runSharedGemm, type GemmTile } from './gemm-shared.js';
import { runTextureGemm, textureGemmApplies } from './gemm-texture.js';
import type { RowOperand } from './gemm-texture-copy.js';

export { TILE_32, TILE_64, chooseTile, gemmWGSL, tileName, type GemmTile } from './gemm-shared.js';

export type Elem = 'f32' | 'i32';

export interface GemmRun {
  /** Names the operand snippet (op, dtypes, layout variant); the variant and tile are appended. */
  key: string;
  elem: Elem;
  batch: number;
  m: number;
  n: number;
  k: number;
  /** Operand-specific uniforms; the variant appends the core fields. */
  fields: Fields;
  /** Bindings 1..n, in the order `operands` declares them. */
  buffers: readonly DispatchBuffer[];
  /** Buffer declarations and the snippet functions (see the contract above). */
  operands: () => string;
  /**
   * Operands stored as plain row-major matrices (A: M×K, B: K×N per batch), which the
   * texture variant may copy instead of packing, and a broadcast one packs only once.
   */
  rows?: { a?: RowOperand; b?: RowOperand };
  /** Forces the shared-memory variant with this tile. */
  tile?: GemmTile;
  /** Forces a variant (tests run every one). */
  variant?: MatmulVariant;
}

/** Multiply-adds below which the small-matrix path runs (a few workgroups' work). */
export const SMALL_GEMM_MACS = 1 << 18;

/**
 * The variant the adapter (or a forced choice) wants for `g`, before the texture
 * variant's own size limits are checked. The direct texture convolutions ask this:
 * they lay their operands out differently and check their own limits.
 */
export function preferredGemmVariant(rt: GPURuntime, g: Pick<GemmRun, 'batch' | 'm' | 'n' | 'k' | 'tile' | 'variant'>): MatmulVariant | 'small' {
  if (g.tile) return 'shared';
  // A forced variant (option, env, tests) runs every size; otherwise small problems take the small path.
  const macs = g.batch * g.m * g.n * g.k;
  return g.variant ?? forcedMatmulVariant() ?? (macs <= SMALL_GEMM_MACS ? 'small' : matmulVariantFor(rt, macs));
}

/** The variant that will run `g` (after applicability checks). */
export function gemmVariant(rt: GPURuntime, g: Pick<GemmRun, 'elem' | 'batch' | 'm' | 'n' | 'k' | 'tile' | 'variant'>): MatmulVariant | 'small' {
  const v = preferredGemmVariant(rt, g);
  if (v === 'texture' && !textureGemmApplies(g)) return 'shared';
  return v;
}

export function runGemm(rt: GPURuntime, g: GemmRun): void {
  if (g.batch * g.m * g.n === 0) return;
  const v = gemmVariant(rt, g);
  if (v === 'texture') return runTextureGemm(rt, g);
  runSharedGemm(rt, g, g.tile ?? chooseTile(g.m, g.n));
}
