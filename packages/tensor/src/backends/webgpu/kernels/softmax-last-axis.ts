/**
 * Softmax, log-softmax and log-sum-exp over the last axis, each in one dispatch. A row
 * is read once for its running maximum m and s = Σ exp(x − m) (online: s is rescaled
 * when m grows); softmax and log-softmax read it again to write exp(x − m) / s or
 * (x − m) − log s, log-sum-exp writes m + log s. Serial variant: one invocation per
 * row; tree variant: one workgroup per row, lanes merging their (m, s) pairs in
 * workgroup memory.
 *
 * m starts at the lowest finite f32 and never passes the highest, so x − m and
 * m_old − m_new are never inf − inf: a +inf makes s = +inf, a NaN makes s NaN, and a
 * row of only -inf leaves s = 0. Those are the rows PyTorch treats apart: softmax and
 * log-softmax are all NaN, log-sum-exp is +inf, NaN or -inf (m + log s gives each).
 */
import type { View } from '../../../backend.js';
import type { DType } from '../../../dtype.js';
import { BackendError } from '../../../errors.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { UniformBuilder, uniformDecl } from '../uniforms.js';
import { ROW_WG, lastAxisRows, rowMainWGSL, rowWorkgroups, useSerialRows } from './last-axis-rows.js';
import { WGSL_MATH } from './wgsl-math.js';

const HELPERS = /* wgsl */ `
const LOWEST: f32 = -0x1.fffffep+127f;
const HIGHEST: f32 = 0x1.fffffep+127f;
fn exp4_f(d: vec4<f32>) -> vec4<f32> {
  let nan = (bitcast<vec4<u32>>(d) & vec4<u32>(0x7fffffffu)) > vec4<u32>(0x7f800000u);
  return select(exp(d), d, nan);
}
// (m, s): the running maximum (kept finite) and Σ exp(x − m) so far. fold4 and fold1 add
// four values or one, merge combines two lanes' pairs; s is rescaled by exp(m_old − m_new)
// as m grows.
struct MS { m: f32, s: f32 }
fn fold4(a: MS, v: vec4<f32>) -> MS {
  let mn = min(max(a.m, max(max(v.x, v.y), max(v.z, v.w))), HIGHEST);
  let e = exp4_f(v - vec4<f32>(mn));
  return MS(mn, a.s * exp(a.m - mn) + ((e.x + e.y) + (e.z + e.w)));
}
fn fold1(a: MS, v: f32) -> MS {
  let mn = min(max(a.m, v), HIGHEST);
  return MS(mn, a.s * exp(a.m - mn) + exp_f(v - mn));
}
fn merge(a: MS, b: MS) -> MS {
  let mn = max(a.m, b.m);
  return MS(mn, a.s * exp(a.m - mn) + b.s * exp(b.m - mn));
}
// 1/s and log s, or NaN for a row (log-)softmax makes all NaN: s is 0, +inf or NaN.
fn finite_sum(a: MS) -> bool { return a.s > 0.0 && a.s <= HIGHEST; }
fn inv_sum(a: MS) -> f32 { return select(nan_f(), 1.0 / a.s, finite_sum(a)); }
fn log_sum(a: MS) -> f32 { return select(nan_f(), log(a.s), finite_sum(a)); }`;

export type SoftmaxKind = 'softmax' | 'logSoftmax' | 'logsumexp';

/**
 * Per kind: WGSL turning the row's final pair `t` into what the element expressions use,
 * and the output of one chunk `v` (vec4) or element `x1` (f32); log-sum-exp writes one
 * value per row instead (`row`).
 */
const FINISH: Record<SoftmaxKind, { prep: string; four: string; one: string } | { row: string }> = {
  softmax: { prep: 'let m = t.m; let inv = inv_sum(t);', four: 'exp(v - vec4<f32>(m)) * inv', one: 'exp(x1 - m) * inv' },
  logSoftmax: { prep: 'let m = t.m; let ls = log_sum(t);', four: '(v - vec4<f32>(m)) - vec4<f32>(ls)', one: '(x1 - m) - ls' },
  logsumexp: { row: 't.m + log_f(t.s)' },
};

/** `kind` over the last axis of x; log-sum-exp gives one float32 per row, the others x's shape. */
export function softmaxLastAxis(rt: GPURuntime, x: View, outDtype: DType, kind: SoftmaxKind = 'softmax'): GPUStorage {
  if (outDtype !== 'float32') throw new BackendError(`webgpu ${kind}: output dtype must be float32, got ${outDtype}`);
  const u = new UniformBuilder();
  const g = lastAxisRows(kind, x, u);
  const serial = useSerialRows(g.rows, g.len);
  const fin = FINISH[kind];
  const perRow = 'row' in fin;
  const out = rt.alloc('float32', perRow ? g.rows : g.rows * g.len);
  const key = `softmax-last:${kind}:${g.key}:${serial ? 'serial' : 'tree'}`;
  const code = (): string => {
    // What the lanes do once the row's pair t is known: write the row's value (lane 0), or their elements.
    const write = (first: string, step: number): string => {
      if ('row' in fin) return `if (${first} == 0) { out[row] = ${fin.row}; }`;
      const body = g.vec
        ? `
  for (var j = ${first}; j < nChunks; j += ${step}) { let v = load4(base, j); out[row * nChunks + j] = ${fin.four}; }`
        : `
  for (var j = ${first}; j < nChunks; j += ${step}) {
    let v = load4(base, j);
    let y = ${fin.four};
    let o = row * len + 4 * j;
    out[o] = y.x; out[o + 1] = y.y; out[o + 2] = y.z; out[o + 3] = y.w;
  }
  for (var e = nChunks * 4 + ${first}; e < len; e += ${step}) { let x1 = load1(base, e); out[row * len + e] = ${fin.one}; }`;
      return `${fin.prep}${body}`;
    };
    const header = `${uniformDecl(u.length)}
${g.loadWGSL}
@group(0) @binding(2) var<storage, read_write> out: array<${g.vec && !perRow ? 'vec4<f32>' : 'f32'}>;
${WGSL_MATH}
${HELPERS}`;
    const shared = `var<workgroup> wm: array<f32, ${ROW_WG}>;
var<workgroup> ws: array<f32, ${ROW_WG}>;`;
    const body = (first: string, step: number): string =>
      serial
        ? `
  let t = a;
  ${write(first, step)}`
        : `
  wm[lid] = a.m;
  ws[lid] = a.s;
  workgroupBarrier();
  for (var h = ${ROW_WG / 2}u; h > 0u; h = h >> 1u) {
    if (lid < h) {
      let b = merge(MS(wm[lid], ws[lid]), MS(wm[lid + h], ws[lid + h]));
      wm[lid] = b.m;
      ws[lid] = b.s;
    }
    workgroupBarrier();
  }
  let t = MS(wm[0], ws[0]);
  ${write(first, step)}`;
    return `${header}\n${rowMainWGSL(g, serial, 'MS(LOWEST, 0.0)', shared, body)}`;
  };
  rt.dispatch({
    key,
    code,
    uniforms: u.pack(),
    buffers: [{ buffer: rt.storageOf(x).buffer }, { buffer: out.buffer, write: true }],
    workgroups: rowWorkgroups(g.rows, serial),
  });
  return out;
}
