/**
 * The elementwise engine: out[j] = f(in0[j], in1[j], ...) over one logical shape, with
 * every input strided (broadcast, flipped, offset) and the output either contiguous
 * or strided (copyInto). unary, binary, where, full, casts and copies are all this
 * kernel with a different `f`.
 *
 * Each invocation handles ELEMS consecutive elements, so a 1M-element op runs as 2048
 * workgroups rather than a million invocations, and strided operands pay for the
 * flat-index → coordinates divisions once per invocation, then step coordinates.
 *
 * When the output is contiguous and every input is contiguous, a broadcast scalar, or
 * (over [rows, cols] with cols a multiple of 4) one value per row (softmax's max and
 * sum, a layer norm's mean) or one vector repeated on every row (a bias), or (over
 * [outer, middle, cols]) one value per middle index (a batch norm's per-channel
 * statistics and affine parameters over [N, C, H·W]), the vec4 kernel runs instead:
 * it loads and stores vec4s and evaluates the scalar expression per component, with
 * one division (and for a per-channel operand one remainder) per vec4 at most; on
 * lavapipe this is several times faster than the scalar loop, whose coordinate
 * stepping branches per element.
 */
import type { DType } from '../../../dtype.js';
import { contiguousStrides, sizeOf } from '../../../shape.js';
import { WORKGROUP_BUILTINS, flatWorkgroupIndex, gridFor } from '../grid.js';
import type { GPURuntime } from '../runtime.js';
import { wgslType } from '../storage.js';
import { advanceWGSL, collapseDims, coordsWGSL, isRowMajor, offsetWGSL, pushOperand } from '../strided.js';
import { UniformBuilder, uniformDecl, uword } from '../uniforms.js';

const WG = 64;
const ELEMS = 8;
/** vec4s per invocation of the vec4 kernel (consecutive, so one bounds check each). */
const VEC_PER_INV = 4;

export interface MapInput {
  buffer: GPUBuffer;
  dtype: DType;
  strides: readonly number[];
  offset: number;
}

export interface MapOutput {
  buffer: GPUBuffer;
  dtype: DType;
  /** null: contiguous from `offset`. */
  strides: readonly number[] | null;
  offset: number;
}

export interface MapSpec {
  /** Names the function: op and dtypes (rank and layout are added here). */
  name: string;
  shape: readonly number[];
  inputs: readonly MapInput[];
  out: MapOutput;
  /** WGSL expression of the output (storage type) from the input values `x0, x1, ...`. */
  expr: string;
  /** Helper WGSL functions the expression calls. */
  helpers?: string;
  /** Scalars the expression reads as `s0, s1, ...` (f32 or i32 words). */
  scalars?: readonly { value: number; type: 'f32' | 'i32' }[];
}

export function runMap(rt: GPURuntime, s: MapSpec): void {
  const n = sizeOf(s.shape);
  if (n === 0) return;
  const outStrides = s.out.strides ?? contiguousStrides(s.shape);
  const c = collapseDims(s.shape, [...s.inputs.map((i) => i.strides), outStrides]);
  const r = c.shape.length;
  const types = s.inputs.map((i) => wgslType(i.dtype));
  const outT = wgslType(s.out.dtype);
  const vec = vec4Layout(n, c.shape, c.strides, [...s.inputs.map((i) => i.offset), s.out.offset]);
  if (vec) return runVec4(rt, s, n, c.shape, vec, types, outT);

  const u = new UniformBuilder();
  const nWord = u.i32(n);
  const shapeWords = c.shape.map((d) => u.i32(d));
  const all = [...s.inputs.map((i) => ({ offset: i.offset })), { offset: s.out.offset }];
  const ops = all.map((o, k) => pushOperand(u, o.offset, c.strides[k], isRowMajor(c.shape, c.strides[k])));
  const scalarWords = (s.scalars ?? []).map((sc) => ({ w: u.push(sc.value, sc.type), type: sc.type }));

  const layout = ops.map((o) => (o.strides === null ? 'c' : 's')).join('');
  const key = `map:${s.name}:${types.join(',')}>${outT}:r${r}:${layout}:sc${scalarWords.length}`;

  const strided = ops.some((o) => o.strides !== null);
  const code = (): string => {
    const decls = s.inputs.map((_, k) => `@group(0) @binding(${k + 1}) var<storage, read> in${k}: array<${types[k]}>;`);
    const outDecl = `@group(0) @binding(${s.inputs.length + 1}) var<storage, read_write> out: array<${outT}>;`;
    const loads = s.inputs.map((_, k) => `let x${k} = in${k}[${offsetWGSL(ops[k], 'i')}];`);
    const scalars = scalarWords.map((sc, k) => `let s${k} = ${uword(sc.w, sc.type)};`);
    return `${mainPrelude(u, decls, outDecl, s.helpers, nWord, scalars)}
  let base = i32(${flatWorkgroupIndex} * ${WG}u + lid) * ${ELEMS};
  if (base >= n) { return; }
  ${strided ? coordsWGSL('base', shapeWords, 'c', true) : ''}
  for (var j = 0; j < ${ELEMS}; j++) {
    let i = base + j;
    if (i >= n) { return; }
    ${loads.join('\n    ')}
    out[${offsetWGSL(ops[ops.length - 1], 'i')}] = ${s.expr};
    ${strided ? advanceWGSL(shapeWords) : ''}
  }
}
`;
  };

  rt.dispatch({
    key,
    code,
    uniforms: u.pack(),
    buffers: [...s.inputs.map((i) => ({ buffer: i.buffer })), { buffer: s.out.buffer, write: true }],
    workgroups: gridFor(Math.ceil(n / (WG * ELEMS))),
  });
}

/**
 * Operand kinds of the vec4 kernel: 'c' contiguous, 'z' one broadcast element, 'r' one
 * element per row, 'b' one row broadcast down the rows, 'q' one element per middle
 * index. Over a collapsed rank-2 shape [rows, cols] the kinds are c, z, r and b; over
 * rank 3 [outer, middle, cols] (a batch norm's [N, C, H·W] against [1, C, 1]) c, z and q.
 */
type VecKind = 'c' | 'z' | 'r' | 'b' | 'q';

/** Per operand (inputs then output), its kind; null when the vec4 kernel does not apply. */
function vec4Layout(n: number, shape: readonly number[], strides: readonly (readonly number[])[], offsets: readonly number[]): VecKind[] | null {
  if (n % 4 !== 0 || shape.length > 3) return null;
  const cols = shape.length >= 2 ? shape[shape.length - 1] : n;
  if (cols % 4 !== 0) return null;
  const is = (st: readonly number[], want: readonly number[]): boolean => st.every((v, d) => v === want[d]);
  const out: VecKind[] = [];
  for (let k = 0; k < strides.length; k++) {
    const st = strides[k];
    const isOut = k === strides.length - 1;
    const aligned = offsets[k] % 4 === 0;
    let kind: VecKind | null;
    if (shape.length === 1) kind = st[0] === 1 && aligned ? 'c' : st[0] === 0 ? 'z' : null;
    else if (shape.length === 2) {
      if (is(st, [cols, 1])) kind = aligned ? 'c' : null;
      else if (is(st, [0, 0])) kind = 'z';
      else if (is(st, [1, 0])) kind = 'r';
      else if (is(st, [0, 1])) kind = aligned ? 'b' : null;
      else kind = null;
    } else {
      const mid = shape[1];
      if (is(st, [mid * cols, cols, 1])) kind = aligned ? 'c' : null;
      else if (is(st, [0, 0, 0])) kind = 'z';
      else if (is(st, [0, 1, 0])) kind = 'q';
      else kind = null;
    }
    if (kind === null || (isOut && kind !== 'c')) return null;
    out.push(kind);
  }
  return out;
}

const LANES = ['x', 'y', 'z', 'w'] as const;

/**
 * Both kernels' shader up to the loop: uniforms, input and output bindings, the op's
 * helper functions, and the entry point's opening with `n` and the scalar operands
 * read from the uniforms. The caller closes `main`.
 */
function mainPrelude(u: UniformBuilder, decls: readonly string[], outDecl: string, helpers: string | undefined, nWord: number, scalars: readonly string[]): string {
  return `${uniformDecl(u.length)}
${decls.join('\n')}
${outDecl}
${helpers ?? ''}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32, ${WORKGROUP_BUILTINS}) {
  let n = ${uword(nWord, 'i32')};
  ${scalars.join('\n  ')}`;
}

function runVec4(rt: GPURuntime, s: MapSpec, n: number, shape: readonly number[], layout: readonly VecKind[], types: readonly string[], outT: string): void {
  const nv = n / 4;
  const cols = shape.length >= 2 ? shape[shape.length - 1] : n;
  const u = new UniformBuilder();
  const nWord = u.i32(nv);
  const colsWord = u.i32(cols / 4);
  const midWord = u.i32(shape.length === 3 ? shape[1] : 1);
  const all = [...s.inputs.map((i) => i.offset), s.out.offset];
  // Offsets of operands read as vec4s ('c', 'b') in vec4s; of scalar operands in elements.
  const isVec = (k: number): boolean => layout[k] === 'c' || layout[k] === 'b';
  const offWords = all.map((off, k) => u.i32(isVec(k) ? off / 4 : off));
  const scalarWords = (s.scalars ?? []).map((sc) => ({ w: u.push(sc.value, sc.type), type: sc.type }));
  const nIn = s.inputs.length;
  const rows = layout.some((l) => l === 'r' || l === 'b' || l === 'q');
  const key = `map4:${s.name}:${types.join(',')}>${outT}:${layout.join('')}:sc${scalarWords.length}`;
  const code = (): string => {
    const decls = s.inputs.map((_, k) => `@group(0) @binding(${k + 1}) var<storage, read> in${k}: array<${isVec(k) ? `vec4<${types[k]}>` : types[k]}>;`);
    const outDecl = `@group(0) @binding(${nIn + 1}) var<storage, read_write> out: array<vec4<${outT}>>;`;
    const scalars = scalarWords.map((sc, k) => `let s${k} = ${uword(sc.w, sc.type)};`);
    const off = (k: number): string => uword(offWords[k], 'i32');
    const splats = s.inputs.map((_, k) => (layout[k] === 'z' ? `let x${k} = in${k}[${off(k)}];` : '')).filter(Boolean);
    const loads = s.inputs
      .map((_, k) => {
        switch (layout[k]) {
          case 'c':
            return `let v${k} = in${k}[${off(k)} + i];`;
          case 'b':
            return `let v${k} = in${k}[${off(k)} + col];`;
          case 'r':
            return `let x${k} = in${k}[${off(k)} + row];`;
          case 'q':
            return `let x${k} = in${k}[${off(k)} + row % ${uword(midWord, 'i32')}];`;
          default:
            return '';
        }
      })
      .filter(Boolean);
    const lane = (l: string): string => {
      const xs = s.inputs.map((_, k) => (isVec(k) ? `let x${k} = v${k}.${l};` : '')).filter(Boolean);
      return `{ ${xs.join(' ')} r.${l} = ${s.expr}; }`;
    };
    return `${mainPrelude(u, decls, outDecl, s.helpers, nWord, scalars)}
  ${splats.join('\n  ')}
  let base = i32(${flatWorkgroupIndex} * ${WG}u + lid) * ${VEC_PER_INV};
  for (var j = 0; j < ${VEC_PER_INV}; j++) {
    let i = base + j;
    if (i >= n) { return; }
    ${rows ? `let row = i / ${uword(colsWord, 'i32')};
    let col = i - row * ${uword(colsWord, 'i32')};` : ''}
    ${loads.join('\n    ')}
    var r: vec4<${outT}>;
    ${LANES.map(lane).join('\n    ')}
    out[${off(nIn)} + i] = r;
  }
}
`;
  };
  rt.dispatch({
    key,
    code,
    uniforms: u.pack(),
    buffers: [...s.inputs.map((i) => ({ buffer: i.buffer })), { buffer: s.out.buffer, write: true }],
    workgroups: gridFor(Math.ceil(nv / (WG * VEC_PER_INV))),
  });
}
