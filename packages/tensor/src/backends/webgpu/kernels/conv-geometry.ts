/**
 * The geometry the three convolution GEMMs share, as uniforms and WGSL helpers.
 * Every conv kernel is a GEMM batched over groups g; channel indices inside a GEMM
 * are per group (ci < Cig, co < Cog) and become g·Cig + ci, g·Cog + co on access.
 */
import type { Conv2dParams } from '../../../backend.js';
import type { Fields } from './gemm-uniforms.js';

export interface ConvGeometry {
  n: number;
  cin: number;
  cout: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  ho: number;
  wo: number;
  p: Conv2dParams;
}

export function convGeometry(xShape: readonly number[], wShape: readonly number[], yShape: readonly number[], p: Conv2dParams): ConvGeometry {
  return { n: xShape[0], cin: xShape[1], h: xShape[2], w: xShape[3], cout: wShape[0], kh: wShape[2], kw: wShape[3], ho: yShape[2], wo: yShape[3], p };
}

export function pushGeometry(f: Fields, g: ConvGeometry): void {
  f.add('Cig', g.cin / g.p.groups).add('Cog', g.cout / g.p.groups).add('Cin', g.cin).add('Cout', g.cout);
  f.add('H', g.h).add('W', g.w).add('Ho', g.ho).add('Wo', g.wo).add('kH', g.kh).add('kW', g.kw);
  f.add('sh', g.p.stride[0]).add('sw', g.p.stride[1]).add('ph', g.p.padding[0]).add('pw', g.p.padding[1]);
  f.add('dh', g.p.dilation[0]).add('dw', g.p.dilation[1]);
}

/**
 * WGSL helpers: a filter tap index k ↔ (c, kh, kw) with c outermost (weight layout),
 * and a flat pixel index ↔ (n, y, x) over an H×W or Ho×Wo plane. Divisions go
 * through `divq`, which every GEMM module defines (DIVQ_INT).
 */
export const geometryWGSL = `
fn tapOf(k: i32) -> vec3<i32> {
  let a = divq(k, u_kW());
  let b = divq(a.x, u_kH());
  return vec3<i32>(b.x, b.y, a.y);
}
fn pixelOf(j: i32, h: i32, w: i32) -> vec3<i32> {
  let a = divq(j, w);
  let b = divq(a.x, h);
  return vec3<i32>(b.x, b.y, a.y);
}`;

/** `fn divq(a, b) -> vec2<i32>` (quotient, remainder) for a ≥ 0, b > 0 with integer division. */
export const DIVQ_INT = `
fn divq(a: i32, b: i32) -> vec2<i32> { return vec2<i32>(a / b, a % b); }`;
