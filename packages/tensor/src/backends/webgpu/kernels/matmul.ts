/**
 * Batched matmul [...batch, M, K] × [...batch, K, N] → contiguous [...batch, M, N] on
 * the GEMM template. Both operands are read in place through their strides, so a
 * transposed, sliced or broadcast (stride-0) operand costs no copy. Batch dims that
 * are contiguous with each other in both operands are merged first, so the common
 * cases share a rank-0 or rank-1 pipeline.
 *
 * dtypes: float32, and int32 (wrapping i32 arithmetic, like the CPU backend).
 * An optional float32 epilogue (bias along M or N, activation) runs in the store.
 */
import type { View } from '../../../backend.js';
import type { DType } from '../../../dtype.js';
import { DTypeError } from '../../../errors.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { wgslType } from '../storage.js';
import { collapseDims } from '../strided.js';
import { type Elem, runGemm } from './gemm.js';
import type { RowOperand } from './gemm-texture-copy.js';
import { Fields, bindingDecl } from './gemm-uniforms.js';
import { type Epilogue, epilogueKey, epilogueWGSL, pushEpilogue } from './epilogue.js';

export function matmul(rt: GPURuntime, a: View, b: View, outDtype: DType, epi: Epilogue = {}): GPUStorage {
  if (outDtype !== 'float32' && outDtype !== 'int32') {
    throw new DTypeError(`matmul: the webgpu backend multiplies float32 or int32 matrices, not ${outDtype}`);
  }
  const r = a.shape.length;
  const M = a.shape[r - 2];
  const K = a.shape[r - 1];
  const N = b.shape[r - 1];
  const batchShape = a.shape.slice(0, r - 2);
  let batch = 1;
  for (const d of batchShape) batch *= d;
  const out = rt.alloc(outDtype, batch * M * N);
  const elem: Elem = wgslType(outDtype);
  const aT = wgslType(a.dtype);
  const bT = wgslType(b.dtype);

  const c = collapseDims(batchShape, [a.strides.slice(0, r - 2), b.strides.slice(0, r - 2)]);
  const br = c.shape.length;
  const f = new Fields();
  f.add('aOff', a.offset).add('aSm', a.strides[r - 2]).add('aSk', a.strides[r - 1]);
  f.add('bOff', b.offset).add('bSk', b.strides[r - 2]).add('bSn', b.strides[r - 1]);
  for (let d = 0; d < br; d++) f.add(`bd${d}`, c.shape[d]).add(`as${d}`, c.strides[0][d]).add(`bs${d}`, c.strides[1][d]);
  const fused = !!epi.bias || (epi.activation ?? 'none') !== 'none';
  if (fused && outDtype !== 'float32') throw new DTypeError(`matmul: a fused bias or activation needs float32, got ${outDtype}`);
  pushEpilogue(f, epi);
  const buffers = [{ buffer: rt.storageOf(a).buffer }, { buffer: rt.storageOf(b).buffer }];
  if (epi.bias) buffers.push({ buffer: rt.storageOf(epi.bias).buffer });
  const outBinding = buffers.length + 1;

  // Batch index → per-operand base offsets, innermost batch dim first.
  const decompose = [...Array(br).keys()]
    .reverse()
    .map((d) => `  let q${d} = divq(rem, u_bd${d}());\n  rem = q${d}.x;\n  aBase = aBase + q${d}.y * u_as${d}();\n  bBase = bBase + q${d}.y * u_bs${d}();`)
    .join('\n');

  // Row-major operands (unit inner stride, rows back to back) the texture GEMM can copy.
  const rowsOf = (v: View, rows: number, cols: number, k: 0 | 1): RowOperand | undefined => {
    const rowMajor = v.strides[r - 1] === 1 && (v.strides[r - 2] === cols || rows === 1);
    // The copy moves raw words: only float32 operands match the float texture.
    if (!rowMajor || br > 1 || v.dtype !== 'float32') return undefined;
    return { buffer: rt.storageOf(v).buffer, offset: v.offset, batchStride: br === 1 ? c.strides[k][0] : rows * cols };
  };

  runGemm(rt, {
    rows: { a: rowsOf(a, M, K, 0), b: rowsOf(b, K, N, 1) },
    key: `matmul:${aT},${bT}:br${br}${fused ? `:${epilogueKey(epi)}` : ''}`,
    elem,
    batch,
    m: M,
    n: N,
    k: K,
    fields: f,
    buffers: [...buffers, { buffer: out.buffer, write: true }],
    operands: () => `${bindingDecl(1, 'A', aT)}
${bindingDecl(2, 'B', bT)}
${bindingDecl(outBinding, 'O', elem, true)}
${fused ? epilogueWGSL(epi, 3) : ''}
var<private> aBase: i32;
var<private> bBase: i32;
fn gemmSetup(b: i32) {
  aBase = u_aOff();
  bBase = u_bOff();
  var rem = b;
${decompose}
}
fn loadA(b: i32, m: i32, k: i32) -> ${elem} { return ${elem}(A[aBase + m * u_aSm() + k * u_aSk()]); }
fn loadB(b: i32, k: i32, n: i32) -> ${elem} { return ${elem}(B[bBase + k * u_bSk() + n * u_bSn()]); }
fn store(b: i32, m: i32, n: i32, v: ${elem}) { O[(b * u_M() + m) * u_N() + n] = ${fused ? 'epilogue(m, n, v)' : 'v'}; }`,
  });
  return out;
}
