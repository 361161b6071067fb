/**
 * Named uniform words for the GEMM, convolution, pooling and resampling kernels.
 * Each field becomes a WGSL accessor `u_<name>()` reading a constant word index, so
 * the generated code reads like the math and the layout cannot drift from the
 * packing: both come from the same ordered list. The order depends only on the
 * kernel's structure (never on sizes), so one pipeline key means one layout.
 */
import type { View } from '../../../backend.js';
import { UniformBuilder, uniformDecl, uword, type UniformType } from '../uniforms.js';

export class Fields {
  private readonly u = new UniformBuilder();
  private readonly accessors: string[] = [];

  add(name: string, value: number, type: UniformType = 'i32'): this {
    const w = this.u.push(value, type);
    this.accessors.push(`fn u_${name}() -> ${type} { return ${uword(w, type)}; }`);
    return this;
  }

  /** Offset and the four strides of an NCHW view: `u_<name>_off()`, `u_<name>_s0()`... */
  view4(name: string, v: View): this {
    this.add(`${name}_off`, v.offset);
    v.strides.forEach((s, d) => this.add(`${name}_s${d}`, s));
    return this;
  }

  /** The uniform declaration and every accessor. */
  wgsl(): string {
    return [uniformDecl(this.u.length), ...this.accessors].join('\n');
  }

  words(): Uint32Array {
    return this.u.pack();
  }
}

/** WGSL `fn <name>_at(n, c, h, w) -> i32`: element offset in a strided NCHW view. */
export function view4At(name: string): string {
  const s = (d: number): string => `u_${name}_s${d}()`;
  return `fn ${name}_at(n: i32, c: i32, h: i32, w: i32) -> i32 {
  return u_${name}_off() + n * ${s(0)} + c * ${s(1)} + h * ${s(2)} + w * ${s(3)};
}`;
}

/** A storage binding declaration. */
export function bindingDecl(binding: number, name: string, type: 'f32' | 'i32', write = false): string {
  return `@group(0) @binding(${binding}) var<storage, ${write ? 'read_write' : 'read'}> ${name}: array<${type}>;`;
}
