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
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { UniformBuilder, uniformDecl } from '../uniforms.js';
import { ROW_WG, lastAxisRows, rowMainWGSL, rowWorkgroups, useSerialRows } from './last-axis-rows.js';
import { WGSL_MATH } from './wgsl-math.js';

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
    const header = `${uniformDecl(u.length)}
${g.loadWGSL}
@group(0) @binding(2) var<storage, read_write> mean_out: array<f32>;
@group(0) @binding(3) var<storage, read_write> var_out: array<f32>;
${WGSL_MATH}
${HELPERS}`;
    const shared = ['wn', 'wmean', 'wm2', 'wsum'].map((w) => `var<workgroup> ${w}: array<f32, ${ROW_WG}>;`).join('\n');
    const body = (): string =>
      serial
        ? `
  let r = finish(a, len);
  mean_out[row] = r.x;
  var_out[row] = r.y;`
        : `
  wn[lid] = a.n; wmean[lid] = a.mean; wm2[lid] = a.m2; wsum[lid] = a.sum;
  workgroupBarrier();
  for (var h = ${ROW_WG / 2}u; h > 0u; h = h >> 1u) {
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
  }`;
    return `${header}\n${rowMainWGSL(g, serial, 'W(0.0, 0.0, 0.0, 0.0)', shared, body)}`;
  };
  rt.dispatch({
    key,
    code,
    uniforms: u.pack(),
    buffers: [{ buffer: rt.storageOf(x).buffer }, { buffer: mean.buffer, write: true }, { buffer: variance.buffer, write: true }],
    workgroups: rowWorkgroups(g.rows, serial),
  });
  return { mean, variance };
}
