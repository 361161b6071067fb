/**
 * Fused epilogues for the GEMM stores: a bias added along the M or N axis and an
 * activation, applied to each output in registers before it is written, so a
 * linear or convolution layer costs one dispatch instead of three.
 */
import type { FusedActivation, View } from '../../../backend.js';
import type { Fields } from './gemm-uniforms.js';
import { bindingDecl } from './gemm-uniforms.js';
import { WGSL_MATH } from './wgsl-math.js';

export interface Epilogue {
  /** 1-D bias indexed by the output row (m, e.g. a conv channel) or column (n, a linear feature). */
  bias?: View | null;
  biasAxis?: 'm' | 'n';
  activation?: FusedActivation;
}

/** WGSL expression of `act(x)`, the same math as the unary ops of that name. */
export function activationWGSL(act: FusedActivation, x: string): string {
  switch (act) {
    case 'none':
      return x;
    case 'relu':
      return `select(${x}, 0.0, ${x} < 0.0)`;
    case 'gelu':
      return `gelu_f(${x})`;
    case 'sigmoid':
      return `sigmoid_f(${x})`;
    case 'tanh':
      return `tanh_f(${x})`;
  }
}

/** Pipeline-key suffix: the epilogue's shape of code. */
export function epilogueKey(e: Epilogue): string {
  return `${e.bias ? `bias${e.biasAxis ?? 'n'}` : 'nobias'}:${e.activation ?? 'none'}`;
}

/** Pushes the bias uniforms (offset, stride) when there is a bias. */
export function pushEpilogue(f: Fields, e: Epilogue): void {
  if (e.bias) f.add('epiOff', e.bias.offset).add('epiS', e.bias.strides[0]);
}

/**
 * WGSL: the bias binding (when present), the math helpers, and
 * `fn epilogue(m: i32, n: i32, v: f32) -> f32`.
 */
export function epilogueWGSL(e: Epilogue, binding: number): string {
  const idx = e.biasAxis === 'm' ? 'm' : 'n';
  const withBias = e.bias ? `v + EpiBias[u_epiOff() + ${idx} * u_epiS()]` : 'v';
  return `${e.bias ? bindingDecl(binding, 'EpiBias', 'f32') : ''}
${e.activation && e.activation !== 'none' ? WGSL_MATH : ''}
fn epilogue(m: i32, n: i32, v: f32) -> f32 {
  let r = ${withBias};
  return ${activationWGSL(e.activation ?? 'none', 'r')};
}`;
}
