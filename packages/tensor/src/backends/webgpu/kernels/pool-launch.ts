/**
 * One invocation per output element, for the pooling and resampling kernels: each
 * computes its element from a small window (forward) or gathers from the few windows
 * that cover it (backward), so no kernel here needs atomics or zero-initialised outputs.
 */
import { WORKGROUP_BUILTINS, flatWorkgroupIndex, gridFor } from '../grid.js';
import type { DispatchBuffer, GPURuntime } from '../runtime.js';
import type { Fields } from './gemm-uniforms.js';

const WG = 64;

export interface PerElementRun {
  /** Pipeline key: op and variant, never sizes. */
  key: string;
  count: number;
  fields: Fields;
  buffers: readonly DispatchBuffer[];
  /** Buffer declarations and helper functions. */
  decls: () => string;
  /** Statements computing element `i` (an i32 < u_count()). */
  body: string;
}

export function runPerElement(rt: GPURuntime, r: PerElementRun): void {
  if (r.count === 0) return;
  r.fields.add('count', r.count);
  rt.dispatch({
    key: `nchw:${r.key}`,
    code: () => `${r.fields.wgsl()}
${r.decls()}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32, ${WORKGROUP_BUILTINS}) {
  let i = i32(${flatWorkgroupIndex}) * ${WG} + i32(lid);
  if (i >= u_count()) { return; }
  ${r.body}
}
`,
    uniforms: r.fields.words(),
    buffers: r.buffers,
    workgroups: gridFor(Math.ceil(r.count / WG)),
  });
}

/** WGSL: flat index i over [planes, h, w] → vec3(plane, y, x). */
export const planeCoordsWGSL = `
fn planeCoords(i: i32, h: i32, w: i32) -> vec3<i32> {
  let x = i % w;
  let t = i / w;
  return vec3<i32>(t / h, t % h, x);
}`;
