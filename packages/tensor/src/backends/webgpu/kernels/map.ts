/**
 * The elementwise engine: out[j] = f(in0[j], in1[j], ...) over one logical shape, with
 * every input strided (broadcast, flipped, offset) and the output either contiguous
 * or strided (copyInto). unary, binary, where, full, casts and copies are all this
 * kernel with a different `f`.
 *
 * Each invocation handles ELEMS consecutive elements, so a 1M-element op runs as 2048
 * workgroups rather than a million invocations, and strided operands pay for the
 * flat-index → coordinates divisions once per invocation, then step coordinates.
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

  const u = new UniformBuilder();
  const nWord = u.i32(n);
  const shapeWords = c.shape.map((d) => u.i32(d));
  const all = [...s.inputs.map((i) => ({ offset: i.offset })), { offset: s.out.offset }];
  const ops = all.map((o, k) => pushOperand(u, o.offset, c.strides[k], isRowMajor(c.shape, c.strides[k])));
  const scalarWords = (s.scalars ?? []).map((sc) => ({ w: u.push(sc.value, sc.type), type: sc.type }));

  const layout = ops.map((o) => (o.strides === null ? 'c' : 's')).join('');
  const types = s.inputs.map((i) => wgslType(i.dtype));
  const outT = wgslType(s.out.dtype);
  const key = `map:${s.name}:${types.join(',')}>${outT}:r${r}:${layout}:sc${scalarWords.length}`;

  const strided = ops.some((o) => o.strides !== null);
  const code = (): string => {
    const decls = s.inputs.map((_, k) => `@group(0) @binding(${k + 1}) var<storage, read> in${k}: array<${types[k]}>;`);
    const outDecl = `@group(0) @binding(${s.inputs.length + 1}) var<storage, read_write> out: array<${outT}>;`;
    const loads = s.inputs.map((_, k) => `let x${k} = in${k}[${offsetWGSL(ops[k], 'i')}];`);
    const scalars = scalarWords.map((sc, k) => `let s${k} = ${uword(sc.w, sc.type)};`);
    return `${uniformDecl(u.length)}
${decls.join('\n')}
${outDecl}
${s.helpers ?? ''}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32, ${WORKGROUP_BUILTINS}) {
  let n = ${uword(nWord, 'i32')};
  ${scalars.join('\n  ')}
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
