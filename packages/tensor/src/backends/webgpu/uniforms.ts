/**
 * Uniform words. Every kernel gets its sizes, strides and scalars as 32-bit words in
 * `@group(0) @binding(0) var<uniform> params: array<vec4<u32>, N>`; word w lives in
 * `params[w / 4]` component `w % 4`. Shaders read words at constant indices (generated
 * per rank), which lavapipe compiles to plain loads.
 */

export type UniformType = 'u32' | 'i32' | 'f32';

/** Name of the uniform array in every shader. */
export const META = 'params';

const COMPONENTS = ['x', 'y', 'z', 'w'] as const;

/** Packs numbers into words: integers as two's complement (i32 and u32 alike), f32 by bit pattern. */
export function packUniforms(values: ArrayLike<number>, types: UniformType | readonly UniformType[] = 'i32'): Uint32Array {
  const n = values.length;
  const words = new Uint32Array(Math.max(4, Math.ceil(n / 4) * 4));
  const asF32 = new Float32Array(words.buffer);
  const asI32 = new Int32Array(words.buffer);
  for (let i = 0; i < n; i++) {
    const t = typeof types === 'string' ? types : types[i];
    if (t === 'f32') asF32[i] = values[i];
    else asI32[i] = values[i]; // ToInt32 keeps the low 32 bits, right for u32 too
  }
  return words;
}

/** Number of vec4 slots the shader declares for `nWords` words (at least 1). */
export function uniformSlots(nWords: number): number {
  return Math.max(1, Math.ceil(nWords / 4));
}

/** `@group(0) @binding(0) var<uniform> params: array<vec4<u32>, N>;` for `nWords` words. */
export function uniformDecl(nWords: number): string {
  return `@group(0) @binding(0) var<uniform> ${META}: array<vec4<u32>, ${uniformSlots(nWords)}>;`;
}

/** WGSL expression reading word `w` as `type`, e.g. word 7 as i32 → `bitcast<i32>(params[1].w)`. */
export function uword(w: number, type: UniformType = 'u32'): string {
  const e = `${META}[${w >> 2}].${COMPONENTS[w & 3]}`;
  return type === 'u32' ? e : `bitcast<${type}>(${e})`;
}

/**
 * Collects typed words in order and hands out their indices, so kernel code and its
 * WGSL generator agree on the layout without counting by hand.
 */
export class UniformBuilder {
  // Words are written as they are pushed (one shared buffer, i32 and f32 views), so
  // pack() is a single copy: this runs for every dispatch.
  private words = new Uint32Array(16);
  private i32s = new Int32Array(this.words.buffer);
  private f32s = new Float32Array(this.words.buffer);
  private n = 0;

  push(value: number, type: UniformType): number {
    if (this.n === this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
      this.i32s = new Int32Array(grown.buffer);
      this.f32s = new Float32Array(grown.buffer);
    }
    if (type === 'f32') this.f32s[this.n] = value;
    else this.i32s[this.n] = value; // ToInt32 keeps the low 32 bits, right for u32 too
    return this.n++;
  }
  i32(v: number): number {
    return this.push(v, 'i32');
  }
  u32(v: number): number {
    return this.push(v, 'u32');
  }
  f32(v: number): number {
    return this.push(v, 'f32');
  }
  get length(): number {
    return this.n;
  }
  pack(): Uint32Array {
    return this.words.slice(0, Math.max(4, Math.ceil(this.n / 4) * 4));
  }
}
