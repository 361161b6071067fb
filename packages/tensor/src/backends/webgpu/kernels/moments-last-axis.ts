/**
 * Mean and biased variance over the last axis in one dispatch, reading each row once.
 * Each invocation keeps Welford statistics (count, mean, M2 = Σ(x − mean)²) and folds
 * in four elements at a time (their own mean and M2, merged by Chan's formula: one
 * division per chunk), so the variance has no E[x²] − E[x]² cancellation. Serial
 * variant: one invocation per row; tree variant: one workgroup per row, lanes merging
 * their statistics in workgroup memory.
 *
 * A plain running sum rides along: when it is not finite the row held NaN or ±inf, and
 * the results are the sum's mean (±inf or NaN) and a NaN variance, as the CPU gives.
 */
import type { View } from '../../../backend.js';
import { WORKGROUP_BUILTINS, flatWorkgroupIndex, gridFor } from '../grid.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { UniformBuilder, uniformDecl } from '../uniforms.js';
import { lastAxisRows, useSerialRows } from './last-axis-rows.js';
import { WGSL_MATH } from './wgsl-math.js';

const SERIAL_WG = 64;
const TREE_WG = 64;

const HELPERS = /* wgsl */ `
struct W { n: f32, mean: f32, m2: f32, sum: f32 }
// Chan et al.: merges the statistics of two disjoint parts.
fn merge(a: W, b: W) -> W {
  let n = a.n + b.n;
  let d = b.mean - a.mean;
  let f = select(b.n / n, 0.0, n == 0.0);
  return W(n, a.mean + d * f, a.m2 + b.m2 + d * d * a.n * f, a.sum + b.sum);
}
fn fold4(a: W, v: vec4<f32>) -> W {
  let s = (v.x + v.y) + (v.z + v.w);
  let cm = s * 0.25;
  let c = v - vec4<f32>(cm);
  return merge(a, W(4.0, cm, dot(c, c), s));
}
fn fold1(a: W, v: f32) -> W { return merge(a, W(1.0, v, 0.0, v)); }
fn finish(a: W, len: i32) -> vec2<f32> {
  if ((bitcast<u32>(a.sum) & 0x7f800000u) == 0x7f800000u) { return vec2<f32>(a.sum / f32(len), nan_f()); }
  return vec2<f32>(a.mean, a.m2 / a.n);
}`;

export function momentsLastAxis(rt: GPURuntime, x: View): { mean: GPUStorage; variance: GPUStorage } {
  const u = new UniformBuilder();
  const g = lastAxisRows('moments', x, u);
  const serial = useSerialRows(g.rows, g.len);
  const mean = rt.alloc('float32', g.rows);
  const variance = rt.alloc('float32', g.rows);
  const key = `moments-last:${g.key}:${serial ? 'serial' : 'tree'}`;
  const code = (): string => {
    const stats = (first: string, step: number): string => `
  var a = W(0.0, 0.0, 0.0, 0.0);
  for (var j = ${first}; j < nChunks; j += ${step}) { a = fold4(a, load4(base, j)); }
  for (var e = nChunks * 4 + ${first}; e < len; e += ${step}) { a = fold1(a, load1(base, e)); }`;
    const header = `${uniformDecl(u.length)}
${g.loadWGSL}
@group(0) @binding(2) var<storage, read_write> mean_out: array<f32>;
@group(0) @binding(3) var<storage, read_write> var_out: array<f32>;
${WGSL_MATH}
${HELPERS}`;
    const prelude = g.preludeWGSL;
    if (serial) {
      return `${header}
@compute @workgroup_size(${SERIAL_WG})
fn main(@builtin(local_invocation_index) lid: u32, ${WORKGROUP_BUILTINS}) {
  let row = i32(${flatWorkgroupIndex} * ${SERIAL_WG}u + lid);
  ${prelude}
  ${stats('0', 1)}
  let r = finish(a, len);
  mean_out[row] = r.x;
  var_out[row] = r.y;
}
`;
    }
    return `${header}
var<workgroup> wn: array<f32, ${TREE_WG}>;
var<workgroup> wmean: array<f32, ${TREE_WG}>;
var<workgroup> wm2: array<f32, ${TREE_WG}>;
var<workgroup> wsum: array<f32, ${TREE_WG}>;
@compute @workgroup_size(${TREE_WG})
fn main(@builtin(local_invocation_index) lid: u32, ${WORKGROUP_BUILTINS}) {
  let row = i32(${flatWorkgroupIndex});
  ${prelude}
  ${stats('i32(lid)', TREE_WG)}
  wn[lid] = a.n; wmean[lid] = a.mean; wm2[lid] = a.m2; wsum[lid] = a.sum;
  workgroupBarrier();
  for (var h = ${TREE_WG / 2}u; h > 0u; h = h >> 1u) {
    if (lid < h) {
      let b = merge(W(wn[lid], wmean[lid], wm2[lid], wsum[lid]), W(wn[lid + h], wmean[lid + h], wm2[lid + h], wsum[lid + h]));
      wn[lid] = b.n; wmean[lid] = b.mean; wm2[lid] = b.m2; wsum[lid] = b.sum;
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let r = finish(W(wn[0], wmean[0], wm2[0], wsum[0]), len);
    mean_out[row] = r.x;
    var_out[row] = r.y;
  }
}
`;
  };
  rt.dispatch({
    key,
    code,
    uniforms: u.pack(),
    buffers: [{ buffer: rt.storageOf(x).buffer }, { buffer: mean.buffer, write: true }, { buffer: variance.buffer, write: true }],
    workgroups: gridFor(serial ? Math.ceil(g.rows / SERIAL_WG) : g.rows),
  });
  return { mean, variance };
}
