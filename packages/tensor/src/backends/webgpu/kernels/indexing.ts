/**
 * gather and scatterAdd along one axis (torch semantics). Both walk the index tensor:
 * its coordinates address x/src directly except along `dim`, where the index value is
 * used. The axis is folded into the uniforms (its stride is zeroed in the sum and
 * passed apart), so pipelines depend on rank only.
 *
 * Indices are validated by the front end (the CPU backend throws on them). On the GPU
 * an out-of-range gather index reads as 0 and an out-of-range scatter index is
 * skipped: never a wild memory access, never a silent clamp to a valid element.
 *
 * scatterAdd has no float atomics in WGSL: f32 adds are a compare-exchange loop on
 * the bit pattern of an atomic<u32>; int32 uses atomicAdd, bool atomicOr. Work is
 * linear in the index size; the order of duplicate adds is unspecified.
 */
import type { View } from '../../../backend.js';
import { BackendError } from '../../../errors.js';
import { contiguousStrides, sizeOf } from '../../../shape.js';
import { WORKGROUP_BUILTINS, flatWorkgroupIndex, gridFor } from '../grid.js';
import type { GPURuntime } from '../runtime.js';
import { wgslType, type GPUStorage } from '../storage.js';
import { coordsWGSL, offsetWGSL, pushOperand } from '../strided.js';
import { UniformBuilder, uniformDecl, uword } from '../uniforms.js';
import { copyStrided } from './copy.js';

const WG = 64;

/** Words for a target addressed through `dim`: offset, strides with dim zeroed, dim stride, dim size. */
function pushTarget(u: UniformBuilder, offset: number, strides: readonly number[], dim: number, dimSize: number) {
  const op = pushOperand(u, offset, strides.map((s, d) => (d === dim ? 0 : s)), false);
  return { op, dimStride: u.i32(strides[dim] ?? 0), dimSize: u.i32(dimSize) };
}

function checkIndex(index: View, where: string): void {
  if (index.dtype !== 'int32') throw new BackendError(`webgpu ${where}: index must be int32, got ${index.dtype}`);
}

export function gather(rt: GPURuntime, x: View, dim: number, index: View): GPUStorage {
  checkIndex(index, 'gather');
  const r = index.shape.length;
  const n = sizeOf(index.shape);
  const out = rt.alloc(x.dtype, n);
  const T = wgslType(x.dtype);
  const u = new UniformBuilder();
  const wN = u.i32(n);
  const shapeW = index.shape.map((d) => u.i32(d));
  const idx = pushOperand(u, index.offset, index.strides, false);
  const tgt = pushTarget(u, x.offset, x.strides, dim, x.shape[dim] ?? 1);
  const code = (): string => `${uniformDecl(u.length)}
@group(0) @binding(1) var<storage, read> x: array<${T}>;
@group(0) @binding(2) var<storage, read> index: array<i32>;
@group(0) @binding(3) var<storage, read_write> out: array<${T}>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32, ${WORKGROUP_BUILTINS}) {
  let i = i32(${flatWorkgroupIndex} * ${WG}u + lid);
  if (i >= ${uword(wN, 'i32')}) { return; }
  ${coordsWGSL('i', shapeW)}
  let k = index[${offsetWGSL(idx, 'i')}];
  if (k < 0 || k >= ${uword(tgt.dimSize, 'i32')}) { out[i] = ${T}(0); return; }
  out[i] = x[${offsetWGSL(tgt.op, 'i')} + k * ${uword(tgt.dimStride, 'i32')}];
}
`;
  rt.dispatch({
    key: `gather:${T}:r${r}`,
    code,
    uniforms: u.pack(),
    buffers: [{ buffer: rt.storageOf(x).buffer }, { buffer: rt.storageOf(index).buffer }, { buffer: out.buffer, write: true }],
    workgroups: gridFor(Math.ceil(n / WG)),
  });
  return out;
}

export function scatterAdd(rt: GPURuntime, base: View, dim: number, index: View, src: View): GPUStorage {
  checkIndex(index, 'scatterAdd');
  const out = rt.alloc(base.dtype, sizeOf(base.shape));
  copyStrided(rt, base, { buffer: out.buffer, shape: base.shape, strides: null, offset: 0 });
  const n = sizeOf(index.shape);
  if (n === 0) return out;
  const r = index.shape.length;
  const T = wgslType(src.dtype);
  const u = new UniformBuilder();
  const wN = u.i32(n);
  const shapeW = index.shape.map((d) => u.i32(d));
  const idx = pushOperand(u, index.offset, index.strides, false);
  const sv = pushOperand(u, src.offset, src.strides, false);
  const tgt = pushTarget(u, 0, contiguousStrides(base.shape), dim, base.shape[dim] ?? 1);
  const kind = base.dtype === 'float32' ? 'f32' : base.dtype === 'bool' ? 'bool' : 'i32';
  const add =
    kind === 'f32'
      ? `loop {
    let old = atomicLoad(&out[o]);
    let r = atomicCompareExchangeWeak(&out[o], old, bitcast<u32>(bitcast<f32>(old) + f32(v)));
    if (r.exchanged) { break; }
  }`
      : kind === 'bool'
        ? `atomicOr(&out[o], select(1, 0, v == ${T}(0)));`
        : `atomicAdd(&out[o], i32(v));`;
  const code = (): string => `${uniformDecl(u.length)}
@group(0) @binding(1) var<storage, read> src: array<${T}>;
@group(0) @binding(2) var<storage, read> index: array<i32>;
@group(0) @binding(3) var<storage, read_write> out: array<atomic<${kind === 'f32' ? 'u32' : 'i32'}>>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32, ${WORKGROUP_BUILTINS}) {
  let i = i32(${flatWorkgroupIndex} * ${WG}u + lid);
  if (i >= ${uword(wN, 'i32')}) { return; }
  ${coordsWGSL('i', shapeW)}
  let k = index[${offsetWGSL(idx, 'i')}];
  if (k < 0 || k >= ${uword(tgt.dimSize, 'i32')}) { return; }
  let v = src[${offsetWGSL(sv, 'i')}];
  let o = ${offsetWGSL(tgt.op, 'i')} + k * ${uword(tgt.dimStride, 'i32')};
  ${add}
}
`;
  rt.dispatch({
    key: `scatterAdd:${kind}:${T}:r${r}`,
    code,
    uniforms: u.pack(),
    buffers: [{ buffer: rt.storageOf(src).buffer }, { buffer: rt.storageOf(index).buffer }, { buffer: out.buffer, write: true }],
    workgroups: gridFor(Math.ceil(n / WG)),
  });
  return out;
}
