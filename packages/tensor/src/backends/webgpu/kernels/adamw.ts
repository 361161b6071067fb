/**
 * One AdamW step in one dispatch: reads (param, grad, m, v), writes fresh
 * (param', m', v'). Each invocation updates PER_THREAD consecutive elements; strided
 * inputs are first packed (the optimiser's tensors are contiguous in practice).
 * The bias corrections and 1 − β are computed in double precision on the host (in f32,
 * 1 − f32(0.999) is off by 1.3e-5 relative, which scales v; PyTorch passes 1 − β2 as a
 * double-computed scalar).
 */
import type { AdamWParams, View } from '../../../backend.js';
import { DTypeError } from '../../../errors.js';
import { isContiguous, sizeOf } from '../../../shape.js';
import { WORKGROUP_BUILTINS, flatWorkgroupIndex, gridFor } from '../grid.js';
import type { GPURuntime } from '../runtime.js';
import type { GPUStorage } from '../storage.js';
import { UniformBuilder, uniformDecl, uword } from '../uniforms.js';

const WG = 64;
const PER_THREAD = 4;

export function adamwUpdate(rt: GPURuntime, param: View, grad: View, m: View, v: View, hp: AdamWParams): { param: GPUStorage; m: GPUStorage; v: GPUStorage } {
  for (const t of [param, grad, m, v]) {
    if (t.dtype !== 'float32') throw new DTypeError(`adamwUpdate: the webgpu backend updates float32 tensors, got ${t.dtype}`);
  }
  const n = sizeOf(param.shape);
  const temps: GPUStorage[] = [];
  const packed = (x: View): { buffer: GPUBuffer; offset: number } => {
    if (isContiguous(x.shape, x.strides)) return { buffer: rt.storageOf(x).buffer, offset: x.offset };
    const s = rt.contiguous(x);
    temps.push(s);
    return { buffer: s.buffer, offset: 0 };
  };
  const ins = [param, grad, m, v].map(packed);
  const out = { param: rt.alloc('float32', n), m: rt.alloc('float32', n), v: rt.alloc('float32', n) };

  const u = new UniformBuilder();
  const w = {
    n: u.i32(n),
    offs: ins.map((b) => u.i32(b.offset)),
    lr: u.f32(hp.lr),
    b1: u.f32(hp.beta1),
    b2: u.f32(hp.beta2),
    ob1: u.f32(1 - hp.beta1),
    ob2: u.f32(1 - hp.beta2),
    eps: u.f32(hp.eps),
    decay: u.f32(1 - hp.lr * hp.weightDecay),
    bc1: u.f32(1 - hp.beta1 ** hp.step),
    bc2: u.f32(1 - hp.beta2 ** hp.step),
  };
  const f = (word: number): string => uword(word, 'f32');
  const off = (k: number): string => uword(w.offs[k], 'i32');
  rt.dispatch({
    key: 'adamw:f32',
    code: () => `${uniformDecl(u.length)}
@group(0) @binding(1) var<storage, read> P: array<f32>;
@group(0) @binding(2) var<storage, read> G: array<f32>;
@group(0) @binding(3) var<storage, read> M: array<f32>;
@group(0) @binding(4) var<storage, read> V: array<f32>;
@group(0) @binding(5) var<storage, read_write> P2: array<f32>;
@group(0) @binding(6) var<storage, read_write> M2: array<f32>;
@group(0) @binding(7) var<storage, read_write> V2: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) li: u32, ${WORKGROUP_BUILTINS}) {
  let first = i32(${flatWorkgroupIndex} * ${WG * PER_THREAD}u + li);
  let n = ${uword(w.n, 'i32')};
  for (var r = 0; r < ${PER_THREAD}; r = r + 1) {
    let i = first + r * ${WG};
    if (i < n) {
      let g = G[${off(1)} + i];
      let m = ${f(w.b1)} * M[${off(2)} + i] + ${f(w.ob1)} * g;
      let v = ${f(w.b2)} * V[${off(3)} + i] + ${f(w.ob2)} * g * g;
      let p = P[${off(0)} + i] * ${f(w.decay)};
      P2[i] = p - ${f(w.lr)} * (m / ${f(w.bc1)}) / (sqrt(v / ${f(w.bc2)}) + ${f(w.eps)});
      M2[i] = m;
      V2[i] = v;
    }
  }
}
`,
    uniforms: u.pack(),
    buffers: [...ins.map((b) => ({ buffer: b.buffer })), ...[out.param, out.m, out.v].map((s) => ({ buffer: s.buffer, write: true }))],
    workgroups: gridFor(Math.ceil(n / (WG * PER_THREAD))),
  });
  for (const t of temps) rt.free(t);
  return out;
}
