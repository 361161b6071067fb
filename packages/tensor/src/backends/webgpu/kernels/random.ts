/**
 * Philox4x32-10 in WGSL, per src/random/spec.ts: one invocation per 128-bit block,
 * writing the block's four elements. WGSL has no 32×32→64 multiply, so the high word
 * is assembled from 16-bit halves.
 */
import type { RandomParams } from '../../../backend.js';
import type { DType } from '../../../dtype.js';
import { PHILOX_M0, PHILOX_M1, PHILOX_ROUNDS, PHILOX_W0, PHILOX_W1 } from '../../../random/spec.js';
import { WORKGROUP_BUILTINS, flatWorkgroupIndex, gridFor } from '../grid.js';
import type { GPURuntime } from '../runtime.js';
import { wgslType, type GPUStorage } from '../storage.js';
import { UniformBuilder, uniformDecl, uword } from '../uniforms.js';
import { WGSL_MATH } from './wgsl-math.js';

const WG = 64;
const hex = (v: number): string => `0x${(v >>> 0).toString(16)}u`;

export const PHILOX_WGSL = /* wgsl */ `
// (hi, lo) words of the 64-bit product a·b.
fn mulhilo(a: u32, b: u32) -> vec2<u32> {
  let al = a & 0xffffu;
  let ah = a >> 16u;
  let bl = b & 0xffffu;
  let bh = b >> 16u;
  let ll = al * bl;
  let lh = al * bh;
  let hl = ah * bl;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  let hi = ah * bh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
  return vec2<u32>(hi, a * b);
}

fn philox4x32(ctr: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = ctr;
  var k = key;
  for (var r = 0; r < ${PHILOX_ROUNDS}; r++) {
    let p0 = mulhilo(${hex(PHILOX_M0)}, c.x);
    let p1 = mulhilo(${hex(PHILOX_M1)}, c.z);
    c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
    k = k + vec2<u32>(${hex(PHILOX_W0)}, ${hex(PHILOX_W1)});
  }
  return c;
}
`;

const TWO_POW_M24 = '5.9604644775390625e-8';

function valueExpr(kind: RandomParams['kind']): string {
  switch (kind) {
    case 'bits':
      return 'bitcast<i32>(w[l])';
    case 'uniform':
      return `f32(w[l] >> 8u) * ${TWO_POW_M24}`;
    case 'normal':
      return `normal_pair(w[l & 2u], w[l | 1u], (l & 1u) == 1u)`;
  }
}

export function random(rt: GPURuntime, size: number, p: RandomParams, dtype: DType): GPUStorage {
  const out = rt.alloc(dtype, size);
  const outT = wgslType(dtype);
  const srcT = p.kind === 'bits' ? 'i32' : 'f32';
  const u = new UniformBuilder();
  const wSize = u.u32(size);
  const wKey = [u.u32(p.key[0]), u.u32(p.key[1])];
  const wCtr = [u.u32(p.counter[0]), u.u32(p.counter[1])];
  const nBlocks = Math.ceil(size / 4);
  const store = (v: string): string => (dtype === 'bool' ? `select(0, 1, ${v} != ${srcT === 'f32' ? '0.0' : '0'})` : outT === srcT ? v : `${outT}(${v})`);

  const code = (): string => `${uniformDecl(u.length)}
@group(0) @binding(1) var<storage, read_write> out: array<${outT}>;
${PHILOX_WGSL}
${WGSL_MATH}
// Box–Muller on one word pair: u1 in (0, 1], u2 in [0, 1).
fn normal_pair(wa: u32, wb: u32, odd: bool) -> f32 {
  let u1 = (f32(wa >> 8u) + 1.0) * ${TWO_POW_M24};
  let u2 = f32(wb >> 8u) * ${TWO_POW_M24};
  let r = sqrt(-2.0 * log(u1));
  let sc = sincos_f(6.283185307179586 * u2);
  return select(r * sc.y, r * sc.x, odd);
}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32, ${WORKGROUP_BUILTINS}) {
  let b = ${flatWorkgroupIndex} * ${WG}u + lid;
  let size = ${uword(wSize)};
  if (b * 4u >= size) { return; }
  let c0 = ${uword(wCtr[0])};
  let lo = c0 + b;
  let hi = ${uword(wCtr[1])} + select(0u, 1u, lo < c0);
  let w = philox4x32(vec4<u32>(lo, hi, 0u, 0u), vec2<u32>(${uword(wKey[0])}, ${uword(wKey[1])}));
  for (var l = 0u; l < 4u; l++) {
    let i = b * 4u + l;
    if (i >= size) { return; }
    out[i] = ${store(valueExpr(p.kind))};
  }
}
`;
  rt.dispatch({
    key: `random:${p.kind}>${dtype}`,
    code,
    uniforms: u.pack(),
    buffers: [{ buffer: out.buffer, write: true }],
    workgroups: gridFor(Math.ceil(nBlocks / WG)),
  });
  return out;
}
