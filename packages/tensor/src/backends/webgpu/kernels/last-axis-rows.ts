/**
 * Row geometry shared by the last-axis kernels (softmax, moments): the input seen as
 * `rows` rows of `len` elements, each row starting at a strided base offset and
 * stepping by the last axis's stride. The WGSL reads a row in chunks of four elements
 * (`load4`) plus a scalar tail (`load1`). When every row is contiguous and starts on a
 * multiple of 4 with len a multiple of 4, the input is bound as vec4s: no tail, one
 * load expression per chunk; lavapipe still loads the lanes one by one, but the loop
 * and its bounds checks run a quarter as often.
 *
 * Both kernels also share their entry point (rowMainWGSL): each lane folds its elements
 * into a state `a` with the kernel's fold4/fold1, then the kernel's body combines and
 * writes; and its grid (rowWorkgroups).
 */
import type { View } from '../../../backend.js';
import { BackendError } from '../../../errors.js';
import { sizeOf } from '../../../shape.js';
import { WORKGROUP_BUILTINS, flatWorkgroupIndex, gridFor } from '../grid.js';
import { collapseDims, coordsWGSL } from '../strided.js';
import { type UniformBuilder, uword } from '../uniforms.js';

export interface LastAxisRows {
  rows: number;
  len: number;
  /** Rows read (and written) as vec4s. */
  vec: boolean;
  /** Part of a pipeline key: vec or scalar, and the rank of the row index. */
  key: string;
  /** WGSL declarations: the input binding (binding 1) and load4/load1 over it. */
  loadWGSL: string;
  /**
   * WGSL for the top of `main` once the i32 `row` is known: `nChunks` (floor(len/4)),
   * `len`, a return for rows past the end, and the row's base offset `base` (in vec4s when vec).
   */
  preludeWGSL: string;
}

export function lastAxisRows(name: string, x: View, u: UniformBuilder): LastAxisRows {
  const r = x.shape.length;
  if (r === 0) throw new BackendError(`webgpu ${name}: expected a tensor of rank ≥ 1, got a scalar`);
  if (x.dtype !== 'float32') throw new BackendError(`webgpu ${name}: expected float32 input, got ${x.dtype}`);
  const len = x.shape[r - 1];
  const st = x.strides[r - 1];
  const kept = collapseDims(x.shape.slice(0, -1), [x.strides.slice(0, -1)]);
  const rows = sizeOf(kept.shape);
  const vec = st === 1 && len % 4 === 0 && x.offset % 4 === 0 && kept.strides[0].every((s) => s % 4 === 0);
  const q = vec ? 4 : 1;
  const wRows = u.i32(rows);
  const wLen = u.i32(len);
  const wChunks = u.i32(Math.floor(len / 4));
  const wStride = u.i32(st);
  const wOff = u.i32(x.offset / q);
  const kShape = kept.shape.map((d) => u.i32(d));
  const kStride = kept.strides[0].map((s) => u.i32(s / q));
  const i32 = (w: number): string => uword(w, 'i32');
  const base = [i32(wOff), ...kStride.map((w, d) => `k${d} * ${i32(w)}`)].join(' + ');
  const loadWGSL = vec
    ? `@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>;
fn load4(base: i32, j: i32) -> vec4<f32> { return x[base + j]; }
fn load1(base: i32, e: i32) -> f32 { return x[base + e / 4][e % 4]; }`
    : `@group(0) @binding(1) var<storage, read> x: array<f32>;
fn load1(base: i32, e: i32) -> f32 { return x[base + e * ${i32(wStride)}]; }
fn load4(base: i32, j: i32) -> vec4<f32> {
  let st = ${i32(wStride)};
  let i = base + 4 * j * st;
  return vec4<f32>(x[i], x[i + st], x[i + 2 * st], x[i + 3 * st]);
}`;
  const baseWGSL = `${coordsWGSL('row', kShape, 'k')}\n  let base = ${base};`;
  return {
    rows,
    len,
    vec,
    key: `${vec ? 'v4' : 's'}:k${kShape.length}`,
    loadWGSL,
    preludeWGSL: `
  let nChunks = ${i32(wChunks)};
  let len = ${i32(wLen)};
  if (row >= ${i32(wRows)}) { return; }
  ${baseWGSL}`,
  };
}

/**
 * Serial (one invocation per row) or tree (one workgroup per row, lanes combining in
 * workgroup memory). lavapipe runs barriers slowly and gives every lane a core's worth
 * of SIMD width, so many rows go serially; few long rows need a workgroup each to
 * spread the work (see reduce.ts for the same choice).
 */
export function useSerialRows(rows: number, len: number): boolean {
  return len <= 64 || (rows >= 512 && len <= 65536);
}

/** Invocations per workgroup: rows per workgroup (serial), lanes per row (tree). */
export const ROW_WG = 64;

/**
 * The entry point of a row kernel in the chosen variant. Each lane sets `var a = init`
 * and folds its elements first, first + step, ... of the row (chunks with fold4, the
 * tail with fold1); `body(first, step)` follows (serial: '0', 1; tree: the lane index,
 * ROW_WG). `shared` declares the tree variant's workgroup arrays.
 */
export function rowMainWGSL(g: LastAxisRows, serial: boolean, init: string, shared: string, body: (first: string, step: number) => string): string {
  const [first, step] = serial ? ['0', 1] : ['i32(lid)', ROW_WG];
  return `${serial ? '' : shared}
@compute @workgroup_size(${ROW_WG})
fn main(@builtin(local_invocation_index) lid: u32, ${WORKGROUP_BUILTINS}) {
  let row = i32(${serial ? `${flatWorkgroupIndex} * ${ROW_WG}u + lid` : flatWorkgroupIndex});
  ${g.preludeWGSL}
  var a = ${init};
  for (var j = ${first}; j < nChunks; j += ${step}) { a = fold4(a, load4(base, j)); }
  for (var e = nChunks * 4 + ${first}; e < len; e += ${step}) { a = fold1(a, load1(base, e)); }
  ${body(first, step)}
}
`;
}

/** The grid of a row kernel: one invocation per row (serial) or one workgroup per row (tree). */
export function rowWorkgroups(rows: number, serial: boolean): [number, number, number] {
  return gridFor(serial ? Math.ceil(rows / ROW_WG) : rows);
}
