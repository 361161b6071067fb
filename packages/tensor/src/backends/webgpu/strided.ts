/**
 * Strided index math shared by kernels. A view of rank r addresses element
 * offset + Σ c_i·stride_i; shapes and strides travel as uniform words and the WGSL
 * that decomposes a flat index is generated per rank.
 */
import { contiguousStrides } from '../../shape.js';
import { uword, type UniformBuilder } from './uniforms.js';

/**
 * Drops size-1 dims and merges neighbours that are contiguous with each other in
 * every operand, so most ops run at rank ≤ 2 and share pipelines.
 */
export function collapseDims(shape: readonly number[], strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k][last] === s[d] * shape[d])) {
      outShape[last] *= shape[d];
      strides.forEach((s, k) => (outStrides[k][last] = s[d]));
      continue;
    }
    outShape.push(shape[d]);
    strides.forEach((s, k) => outStrides[k].push(s[d]));
  }
  return { shape: outShape, strides: outStrides };
}

export function stridesEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function isRowMajor(shape: readonly number[], strides: readonly number[]): boolean {
  return stridesEqual(strides, contiguousStrides(shape));
}

/** Uniform words of one strided operand: its offset, and its strides unless row-major. */
export interface OperandWords {
  offset: number;
  strides: number[] | null;
}

export function pushOperand(u: UniformBuilder, offset: number, strides: readonly number[], rowMajor: boolean): OperandWords {
  const o = u.i32(offset);
  return { offset: o, strides: rowMajor ? null : strides.map((s) => u.i32(s)) };
}

/**
 * WGSL statements turning flat row-major index `flat` (an i32 expression) into
 * coordinates `<p>0..<p>{r-1}` over the shape held in `shapeWords`.
 */
export function coordsWGSL(flat: string, shapeWords: readonly number[], p = 'c', mutable = false): string {
  const r = shapeWords.length;
  if (r === 0) return '';
  const decl = mutable ? 'var' : 'let';
  const lines = [`var ${p}_rem: i32 = ${flat};`];
  for (let d = r - 1; d > 0; d--) {
    lines.push(`${decl} ${p}${d} = ${p}_rem % ${uword(shapeWords[d], 'i32')};`);
    lines.push(`${p}_rem = ${p}_rem / ${uword(shapeWords[d], 'i32')};`);
  }
  lines.push(`${decl} ${p}0 = ${p}_rem;`);
  return lines.join('\n    ');
}

/**
 * WGSL statements advancing mutable coordinates (from `coordsWGSL(..., true)`) to the
 * next row-major element: increment the last, carry into earlier ones. Divisions are
 * slow on lavapipe (scalarised per lane), so loops step coordinates instead.
 */
export function advanceWGSL(shapeWords: readonly number[], p = 'c'): string {
  const adv = (d: number): string =>
    `${p}${d} = ${p}${d} + 1;` + (d > 0 ? ` if (${p}${d} == ${uword(shapeWords[d], 'i32')}) { ${p}${d} = 0; ${adv(d - 1)} }` : '');
  return shapeWords.length === 0 ? '' : adv(shapeWords.length - 1);
}

/** WGSL i32 expression of an operand's element offset from coordinates (or `flat` when row-major). */
export function offsetWGSL(op: OperandWords, flat: string, p = 'c'): string {
  const base = uword(op.offset, 'i32');
  if (op.strides === null) return `(${base} + ${flat})`;
  const terms = op.strides.map((w, d) => `${p}${d} * ${uword(w, 'i32')}`);
  return `(${[base, ...terms].join(' + ')})`;
}
