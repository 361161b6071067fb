/**
 * Softmax over the last axis in one dispatch: each row is read twice, once for its
 * running maximum m and Σ exp(x − m) (online: the sum is rescaled when m grows), once
 * to write exp(x − m) / Σ. Serial variant: one invocation per row; tree variant: one
 * workgroup per row, lanes merging their (m, Σ) pairs in workgroup memory.
 *
 * m starts at the lowest finite f32 rather than -inf, so x − m and m_old − m_new are
 * never -inf − -inf. A row is all NaN when its Σ is 0 (only -inf), NaN (a NaN, or +inf
 * − +inf) or its m is not finite: PyTorch's results for such rows.
 */
import type { View } from '../../../backend.js';
import type { DType } from '../../../dtype.js';
import { BackendError } from '../../../errors.js';
import { WORKGROUP_BUILTINS, flatWorkgroupIndex, gridFor } from '../grid.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { UniformBuilder, uniformDecl } from '../uniforms.js';
import { lastAxisRows, useSerialRows } from './last-axis-rows.js';
import { WGSL_MATH } from './wgsl-math.js';

const SERIAL_WG = 64;
const TREE_WG = 64;

const HELPERS = /* wgsl */ `
const LOWEST: f32 = -0x1.fffffep+127f;
fn exp4_f(d: vec4<f32>) -> vec4<f32> {
  let nan = (bitcast<vec4<u32>>(d) & vec4<u32>(0x7fffffffu)) > vec4<u32>(0x7f800000u);
  return select(exp(d), d, nan);
}
// (m, s): the running maximum and Σ exp(x − m) so far. fold4 and fold1 add four values or
// one, merge combines two lanes' pairs; s is rescaled by exp(m_old − m_new) as m grows.
struct MS { m: f32, s: f32 }
fn fold4(a: MS, v: vec4<f32>) -> MS {
  let mn = max(a.m, max(max(v.x, v.y), max(v.z, v.w)));
  let e = exp4_f(v - vec4<f32>(mn));
  return MS(mn, a.s * exp(a.m - mn) + ((e.x + e.y) + (e.z + e.w)));
}
fn fold1(a: MS, v: f32) -> MS {
  let mn = max(a.m, v);
  return MS(mn, a.s * exp(a.m - mn) + exp_f(v - mn));
}
fn merge(a: MS, b: MS) -> MS {
  let mn = max(a.m, b.m);
  return MS(mn, a.s * exp(a.m - mn) + b.s * exp(b.m - mn));
}
// 1/Σ, or NaN for a row PyTorch makes all NaN.
fn inv_sum(a: MS) -> f32 {
  let bad = a.s == 0.0 || isnan_f(a.s) || (bitcast<u32>(a.m) & 0x7f800000u) == 0x7f800000u;
  return select(1.0 / a.s, nan_f(), bad);
}`;

export function softmaxLastAxis(rt: GPURuntime, x: View, outDtype: DType): GPUStorage {
  if (outDtype !== 'float32') throw new BackendError(`webgpu softmax: output dtype must be float32, got ${outDtype}`);
  const u = new UniformBuilder();
  const g = lastAxisRows('softmax', x, u);
  const serial = useSerialRows(g.rows, g.len);
  const out = rt.alloc('float32', g.rows * g.len);
  const key = `softmax-last:${g.key}:${serial ? 'serial' : 'tree'}`;
  const code = (): string => {
    // Chunks j = first, first + step, ...; tail elements e = 4·nChunks + first, + step, ...
    const passes = (first: string, step: number): { stats: string; write: string } => ({
      stats: `
  var a = MS(LOWEST, 0.0);
  for (var j = ${first}; j < nChunks; j += ${step}) { a = fold4(a, load4(base, j)); }
  for (var e = nChunks * 4 + ${first}; e < len; e += ${step}) { a = fold1(a, load1(base, e)); }`,
      write: g.vec
        ? `
  for (var j = ${first}; j < nChunks; j += ${step}) { out[row * nChunks + j] = exp(load4(base, j) - vec4<f32>(m)) * inv; }`
        : `
  for (var j = ${first}; j < nChunks; j += ${step}) {
    let y = exp(load4(base, j) - vec4<f32>(m)) * inv;
    let o = row * len + 4 * j;
    out[o] = y.x; out[o + 1] = y.y; out[o + 2] = y.z; out[o + 3] = y.w;
  }
  for (var e = nChunks * 4 + ${first}; e < len; e += ${step}) { out[row * len + e] = exp(load1(base, e) - m) * inv; }`,
    });
    const header = `${uniformDecl(u.length)}
${g.loadWGSL}
@group(0) @binding(2) var<storage, read_write> out: array<${g.vec ? 'vec4<f32>' : 'f32'}>;
${WGSL_MATH}
${HELPERS}`;
    const prelude = g.preludeWGSL;
    if (serial) {
      const p = passes('0', 1);
      return `${header}
@compute @workgroup_size(${SERIAL_WG})
fn main(@builtin(local_invocation_index) lid: u32, ${WORKGROUP_BUILTINS}) {
  let row = i32(${flatWorkgroupIndex} * ${SERIAL_WG}u + lid);
  ${prelude}
  ${p.stats}
  let m = a.m;
  let inv = inv_sum(a);
  ${p.write}
}
`;
    }
    const p = passes('i32(lid)', TREE_WG);
    return `${header}
var<workgroup> wm: array<f32, ${TREE_WG}>;
var<workgroup> ws: array<f32, ${TREE_WG}>;
@compute @workgroup_size(${TREE_WG})
fn main(@builtin(local_invocation_index) lid: u32, ${WORKGROUP_BUILTINS}) {
  let row = i32(${flatWorkgroupIndex});
  ${prelude}
  ${p.stats}
  wm[lid] = a.m;
  ws[lid] = a.s;
  workgroupBarrier();
  for (var h = ${TREE_WG / 2}u; h > 0u; h = h >> 1u) {
    if (lid < h) {
      let b = merge(MS(wm[lid], ws[lid]), MS(wm[lid + h], ws[lid + h]));
      wm[lid] = b.m;
      ws[lid] = b.s;
    }
    workgroupBarrier();
  }
  let total = MS(wm[0], ws[0]);
  let m = total.m;
  let inv = inv_sum(total);
  ${p.write}
}
`;
  };
  rt.dispatch({
    key,
    code,
    uniforms: u.pack(),
    buffers: [{ buffer: rt.storageOf(x).buffer }, { buffer: out.buffer, write: true }],
    workgroups: gridFor(serial ? Math.ceil(g.rows / SERIAL_WG) : g.rows),
  });
  return out;
}
