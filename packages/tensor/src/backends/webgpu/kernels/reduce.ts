/**
 * Reductions over any set of axes. The kept axes index the output; the reduced axes
 * are walked as one flat index decomposed with their own sizes and strides.
 *
 * Three shapes of kernel: 'tree' gives each output a workgroup that strides over the
 * reduced elements and combines them in a shared-memory tree; 'serial' gives each
 * output one invocation (short reductions, or so many outputs that the GPU is full);
 * 'two-pass' is for very long rows with few outputs (a single workgroup per row would
 * leave the other cores idle): pass 1 splits each row into CHUNKS tree-reduced chunks
 * written as partials in the accumulator type, pass 2 reduces the partials.
 *
 * Semantics (PyTorch): max/min propagate NaN; argmax/argmin treat NaN as the extreme
 * value and break ties (NaN ties included) by the lowest index; int32 sums wrap in i32.
 */
import type { ReduceOp, View } from '../../../backend.js';
import type { DType } from '../../../dtype.js';
import { BackendError } from '../../../errors.js';
import { contiguousStrides, sizeOf } from '../../../shape.js';
import { WORKGROUP_BUILTINS, flatWorkgroupIndex, gridFor } from '../grid.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { wgslType } from '../storage.js';
import { collapseDims, coordsWGSL } from '../strided.js';
import { UniformBuilder, uniformDecl, uword } from '../uniforms.js';
import { WGSL_MATH } from './wgsl-math.js';

const TREE_WG = 128;
const SERIAL_WG = 64;
/** Two-pass: rows at least this long, at most this many outputs, split into this many chunks at most. */
const TWO_PASS_MIN_RED = 1 << 16;
const TWO_PASS_MAX_OUT = 16;
const MAX_CHUNKS = 64;
const MIN_CHUNK = 4096;

type Ct = 'f32' | 'i32';

const I32_MIN = 'i32(-2147483647 - 1)';
const I32_MAX = '2147483647';

interface OpCode {
  init: string;
  /** Statements folding value `v` at index `j` into `acc` (and `acc_i`). */
  fold: (acc: string, accI: string, v: string, j: string) => string;
}

function opCode(op: ReduceOp, ct: Ct): OpCode {
  const isF = ct === 'f32';
  switch (op) {
    case 'sum':
      return { init: isF ? '0.0' : '0', fold: (a, _i, v) => `${a} = ${a} + ${v};` };
    case 'prod':
      return { init: isF ? '1.0' : '1', fold: (a, _i, v) => `${a} = ${a} * ${v};` };
    case 'max':
      return { init: isF ? '-inf_f()' : I32_MIN, fold: (a, _i, v) => `${a} = ${isF ? 'max_f' : 'max'}(${a}, ${v});` };
    case 'min':
      return { init: isF ? 'inf_f()' : I32_MAX, fold: (a, _i, v) => `${a} = ${isF ? 'min_f' : 'min'}(${a}, ${v});` };
    case 'argmax':
    case 'argmin': {
      const cmp = op === 'argmax' ? '>' : '<';
      const init = op === 'argmax' ? (isF ? '-inf_f()' : I32_MIN) : isF ? 'inf_f()' : I32_MAX;
      // b replaces a when b is "more extreme", or equally extreme at a lower index; NaN is most extreme.
      const better = (a: string, ai: string, v: string, j: string): string =>
        isF
          ? `select(!isnan_f(${a}) && (${v} ${cmp} ${a} || (${v} == ${a} && ${j} < ${ai})), !isnan_f(${a}) || ${j} < ${ai}, isnan_f(${v}))`
          : `(${v} ${cmp} ${a} || (${v} == ${a} && ${j} < ${ai}))`;
      return { init, fold: (a, ai, v, j) => `if (${better(a, ai, v, j)}) { ${a} = ${v}; ${ai} = ${j}; }` };
    }
  }
}

export function reduce(rt: GPURuntime, op: ReduceOp, x: View, axes: readonly number[], outDtype: DType): GPUStorage {
  const isArg = op === 'argmax' || op === 'argmin';
  if (isArg && outDtype !== 'int32') throw new BackendError(`webgpu ${op}: output dtype must be int32, got ${outDtype}`);
  const split = isArg ? null : innerBlock(x, axes);
  if (split) return reduceInnerFirst(rt, op, x, axes, split, outDtype);
  const axisSet = new Set(axes);
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const redShape: number[] = [];
  const redStrides: number[] = [];
  x.shape.forEach((d, i) => {
    (axisSet.has(i) ? redShape : keptShape).push(d);
    (axisSet.has(i) ? redStrides : keptStrides).push(x.strides[i]);
  });
  const kept = collapseDims(keptShape, [keptStrides]);
  const red = collapseDims(redShape, [redStrides]);
  const nOut = sizeOf(keptShape);
  const nRed = sizeOf(redShape);

  const inT = wgslType(x.dtype);
  const ct: Ct = isArg || op === 'max' || op === 'min' ? inT : wgslType(outDtype);
  const outT = wgslType(outDtype);
  // lavapipe runs workgroup barriers slowly: [1024,1024] summed over either axis took
  // 8-14 ms as a tree and ~2 ms serially, so the tree is kept for few, long outputs.
  const serial = nRed <= 64 || (nOut >= 512 && nRed <= 65536);
  const chunks = !isArg && nOut <= TWO_PASS_MAX_OUT && nRed >= TWO_PASS_MIN_RED ? Math.min(MAX_CHUNKS, Math.ceil(nRed / MIN_CHUNK)) : 1;
  const chunked = chunks > 1;
  // Pass 1 of a two-pass reduction writes per-chunk partials in the accumulator type.
  const ctDtype: DType = ct === 'f32' ? 'float32' : 'int32';
  const out = chunked ? rt.alloc(ctDtype, nOut * chunks) : rt.alloc(outDtype, nOut);
  const chunkLen = Math.ceil(nRed / chunks);

  const u = new UniformBuilder();
  const wOut = u.i32(nOut);
  const wRed = u.i32(nRed);
  const wOff = u.i32(x.offset);
  const kShape = kept.shape.map((d) => u.i32(d));
  const kStride = kept.strides[0].map((s) => u.i32(s));
  const rShape = red.shape.map((d) => u.i32(d));
  const rStride = red.strides[0].map((s) => u.i32(s));
  const wChunks = u.i32(chunks);
  const wChunkLen = u.i32(chunkLen);

  const shape = chunked ? 'two-pass' : serial ? 'serial' : 'tree';
  const key = `reduce:${op}:${x.dtype}>${chunked ? ctDtype : outDtype}:k${kShape.length}:r${rShape.length}:${shape}`;
  const code = (): string => {
    const c = opCode(op, ct);
    const load = (off: string): string => (inT === ct ? `x[${off}]` : `${ct}(x[${off}])`);
    const store = (v: string): string =>
      chunked ? v : (op === 'sum' || op === 'prod') && outDtype === 'bool' ? `select(0, 1, ${v} != 0)` : outT === ct || isArg ? v : `${outT}(${v})`;
    const base = [uword(wOff, 'i32'), ...kStride.map((w, d) => `k${d} * ${uword(w, 'i32')}`)].join(' + ');
    const redOff = ['base', ...rStride.map((w, d) => `r${d} * ${uword(w, 'i32')}`)].join(' + ');
    // Sums add blocks of 64 terms into a partial first: error grows with n/64 + 64, not n.
    const loop = (start: string, step: string): string =>
      op === 'sum'
        ? `
  var acc: ${ct} = ${c.init};
  var acc_i: i32 = ${I32_MAX};
  for (var j0: i32 = ${start}; j0 < nRed; j0 += ${step} * 64) {
    var part: ${ct} = ${c.init};
    let j1 = min(j0 + ${step} * 64, nRed);
    for (var j: i32 = j0; j < j1; j += ${step}) {
      ${coordsWGSL('j', rShape, 'r')}
      part = part + ${load(redOff)};
    }
    acc = acc + part;
  }`
        : `
  var acc: ${ct} = ${c.init};
  var acc_i: i32 = ${I32_MAX};
  for (var j: i32 = ${start}; j < nRed; j += ${step}) {
    ${coordsWGSL('j', rShape, 'r')}
    let v = ${load(redOff)};
    ${c.fold('acc', 'acc_i', 'v', 'j')}
  }`;
    const header = `${uniformDecl(u.length)}
@group(0) @binding(1) var<storage, read> x: array<${inT}>;
@group(0) @binding(2) var<storage, read_write> out: array<${chunked ? ct : outT}>;
${WGSL_MATH}`;
    const result = isArg ? 'acc_i' : 'acc';
    if (serial) {
      return `${header}
@compute @workgroup_size(${SERIAL_WG})
fn main(@builtin(local_invocation_index) lid: u32, ${WORKGROUP_BUILTINS}) {
  let o = i32(${flatWorkgroupIndex} * ${SERIAL_WG}u + lid);
  let nRed = ${uword(wRed, 'i32')};
  if (o >= ${uword(wOut, 'i32')}) { return; }
  ${coordsWGSL('o', kShape, 'k')}
  let base = ${base};
  ${loop('0', '1')}
  out[o] = ${store(result)};
}
`;
    }
    return `${header}
var<workgroup> sv: array<${ct}, ${TREE_WG}>;
var<workgroup> si: array<i32, ${TREE_WG}>;
@compute @workgroup_size(${TREE_WG})
fn main(@builtin(local_invocation_index) lid: u32, ${WORKGROUP_BUILTINS}) {
  // Workgroup w reduces chunk w % chunks of output w / chunks (one chunk unless two-pass).
  let w = i32(${flatWorkgroupIndex});
  let o = w / ${uword(wChunks, 'i32')};
  let chunk = w % ${uword(wChunks, 'i32')};
  let lo = chunk * ${uword(wChunkLen, 'i32')};
  let nRed = min(lo + ${uword(wChunkLen, 'i32')}, ${uword(wRed, 'i32')});
  if (o >= ${uword(wOut, 'i32')}) { return; }
  ${coordsWGSL('o', kShape, 'k')}
  let base = ${base};
  ${loop('lo + i32(lid)', String(TREE_WG))}
  sv[lid] = acc;
  si[lid] = acc_i;
  workgroupBarrier();
  for (var s = ${TREE_WG / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) {
      var a = sv[lid];
      var a_i = si[lid];
      let v = sv[lid + s];
      let vi = si[lid + s];
      ${c.fold('a', 'a_i', 'v', 'vi')}
      sv[lid] = a;
      si[lid] = a_i;
    }
    workgroupBarrier();
  }
  if (lid == 0u) { out[w] = ${store(isArg ? 'si[0]' : 'sv[0]')}; }
}
`;
  };
  rt.dispatch({
    key,
    code,
    uniforms: u.pack(),
    buffers: [{ buffer: rt.storageOf(x).buffer }, { buffer: out.buffer, write: true }],
    workgroups: gridFor(serial ? Math.ceil(nOut / SERIAL_WG) : nOut * chunks),
  });
  if (!chunked) return out;
  const partials: View = { storage: out, dtype: ctDtype, shape: [nOut, chunks], strides: [chunks, 1], offset: 0 };
  const result = reduce(rt, op, partials, [1], outDtype);
  rt.free(out);
  return result;
}

/**
 * The trailing run of consecutive reduced axes (e.g. 2, 3 of a batch norm's 0, 2, 3)
 * when the reduced axes are not one block in memory but that run is; else null.
 */
function innerBlock(x: View, axes: readonly number[]): number[] | null {
  const isBlock = (as: readonly number[]): boolean =>
    collapseDims(
      as.map((a) => x.shape[a]),
      [as.map((a) => x.strides[a])],
    ).shape.length === 1;
  const sorted = [...axes].sort((a, b) => a - b);
  if (sorted.length < 2 || sizeOf(x.shape) === 0 || isBlock(sorted)) return null;
  let first = sorted.length - 1;
  while (first > 0 && sorted[first - 1] === sorted[first] - 1) first--;
  const inner = sorted.slice(first);
  return first > 0 && isBlock(inner) ? inner : null;
}

/**
 * Sum/prod/max/min over axes that are not one block in memory, in two reductions: the
 * inner block first, then the rest of the axes over its result (in outDtype, so bool
 * any/all and integer wrap-around compose). Each pass then reads rows with one stride
 * instead of decomposing a flat index per element: a batch norm's statistics over
 * [32, 64, 32, 32] become 2,048 rows of 1,024 and then 64 rows of 32.
 */
function reduceInnerFirst(rt: GPURuntime, op: ReduceOp, x: View, axes: readonly number[], inner: number[], outDtype: DType): GPUStorage {
  const innerOut = reduce(rt, op, x, inner, outDtype);
  const shape = x.shape.filter((_, i) => !inner.includes(i));
  const strides = contiguousStrides(shape);
  const rest = axes.filter((a) => !inner.includes(a));
  const result = reduce(rt, op, { storage: innerOut, dtype: outDtype, shape, strides, offset: 0 }, rest, outDtype);
  rt.free(innerOut);
  return result;
}
