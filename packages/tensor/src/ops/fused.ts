/**
 * Fused front-end ops: work that would otherwise take several kernels and several
 * intermediate tensors, done in one backend call (one dispatch on WebGPU).
 *  - linear: act(x @ wᵀ + b), the dense layer (PyTorch weight layout [out, in]);
 *  - conv2dAct: act(conv2d(x, w, b));
 *  - adamwUpdate: one AdamW optimiser step over (param, grad, m, v).
 * They are not differentiable ops of their own: autograd composes the plain ops for
 * gradients, and the optimiser update happens outside the tape.
 */
import type { AdamWParams, FusedActivation } from '../backend.js';
import { conv2dOutHW } from '../conv-shape.js';
import { isFloat } from '../dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import { sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { Conv2dOptions } from './conv.js';
import { backendOf, checkRank, filled, pair, wrap } from './internal.js';
import { reshape } from './movement.js';

export type { FusedActivation, AdamWParams };

const ACTIVATIONS: readonly FusedActivation[] = ['none', 'relu', 'gelu', 'sigmoid', 'tanh'];

export interface ActivationOptions {
  /** Applied after the bias; default 'none'. */
  activation?: FusedActivation;
}

function activationOf(op: string, o: ActivationOptions): FusedActivation {
  const a = o.activation ?? 'none';
  if (!ACTIVATIONS.includes(a)) throw new ShapeError(`${op}: activation must be one of ${ACTIVATIONS.join(', ')}, got '${String(a)}'`);
  return a;
}

function sameFloat(op: string, ...ts: Tensor[]): void {
  for (const t of ts) if (!isFloat(t.dtype)) throw new DTypeError(`${op}: expected floating-point tensors, got ${t.dtype}`);
  for (const t of ts) if (t.dtype !== ts[0].dtype) throw new DTypeError(`${op}: dtypes differ (${ts.map((u) => u.dtype).join(', ')})`);
}

/** act(x @ weightᵀ + bias): x [..., in], weight [out, in], bias [out] → [..., out]. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ActivationOptions = {}): Tensor {
  const be = backendOf('linear', x, weight, ...(bias ? [bias] : []));
  const act = activationOf('linear', opts);
  sameFloat('linear', x, weight, ...(bias ? [bias] : []));
  checkRank('linear', 'weight', weight, 2);
  if (x.rank < 1) throw new ShapeError(`linear: input must be at least 1-D, got shape ${fmtShape(x.shape)}`);
  const [out, inF] = weight.shape;
  if (x.shape[x.rank - 1] !== inF) throw new ShapeError(`linear: input ${fmtShape(x.shape)} does not end in weight's in-features ${inF} (weight ${fmtShape(weight.shape)})`);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== out)) throw new ShapeError(`linear: bias must have shape [${out}], got ${fmtShape(bias.shape)}`);
  const lead = x.shape.slice(0, -1);
  const outShape = [...lead, out];
  const rows = sizeOf(lead);
  if (rows === 0 || out === 0) return filled(be, outShape, 0, x.dtype);
  const x2 = reshape(x, [rows, inF]);
  try {
    const xv = x2.viewFor('linear');
    const w = weight.viewFor('linear');
    const wT = { ...w, shape: [inF, out], strides: [w.strides[1], w.strides[0]] };
    if (inF === 0) {
      // Empty reduction: the product is zero, so each row is act(bias).
      const zero = filled(be, [1], 0, x.dtype);
      try {
        const z = zero.viewFor('linear');
        return wrap(be.matmulBiasAct({ ...z, shape: [rows, 1], strides: [0, 0] }, { ...z, shape: [1, out], strides: [0, 0] }, bias?.viewFor('linear') ?? null, act, x.dtype), outShape, x.dtype);
      } finally {
        zero.dispose();
      }
    }
    return wrap(be.matmulBiasAct(xv, wT, bias?.viewFor('linear') ?? null, act, x.dtype), outShape, x.dtype);
  } finally {
    x2.dispose();
  }
}

/** act(conv2d(x, weight, bias)), NCHW, with conv2d's options. */
export function conv2dAct(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: Conv2dOptions & ActivationOptions = {}): Tensor {
  const op = 'conv2dAct';
  const be = backendOf(op, x, weight, ...(bias ? [bias] : []));
  const act = activationOf(op, opts);
  checkRank(op, 'input', x, 4);
  checkRank(op, 'weight', weight, 4);
  sameFloat(op, x, weight, ...(bias ? [bias] : []));
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ShapeError(`${op}: groups must be a positive integer, got ${groups}`);
  const p = { stride: pair(op, 'stride', opts.stride ?? 1, 1), padding: pair(op, 'padding', opts.padding ?? 0, 0), dilation: pair(op, 'dilation', opts.dilation ?? 1, 1), groups };
  const [n, cin, h, w] = x.shape;
  const [cout, cinG, kh, kw] = weight.shape;
  if (cin !== cinG * groups || cout % groups !== 0) throw new ShapeError(`${op}: input ${fmtShape(x.shape)} and weight ${fmtShape(weight.shape)} do not match for groups=${groups}`);
  const [ho, wo] = conv2dOutHW(h, w, kh, kw, p);
  if (ho < 1 || wo < 1) throw new ShapeError(`${op}: input ${fmtShape(x.shape)} is too small for kernel ${kh}x${kw} with these stride/padding/dilation`);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== cout)) throw new ShapeError(`${op}: bias must have shape [${cout}], got ${fmtShape(bias.shape)}`);
  const shape = [n, cout, ho, wo];
  if (sizeOf(shape) === 0 || x.size === 0) return filled(be, shape, 0, x.dtype);
  return wrap(be.conv2dBiasAct(x.viewFor(op), weight.viewFor(op), bias ? bias.viewFor(op) : null, p, act), shape, x.dtype);
}

export interface AdamWOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** 1-based step number. */
  step: number;
}

/**
 * One AdamW step (torch.optim.AdamW semantics, defaults β1 0.9, β2 0.999, eps 1e-8,
 * weight decay 0.01). Returns new tensors; the inputs are left unchanged.
 */
export function adamwUpdate(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, opts: AdamWOptions): { param: Tensor; m: Tensor; v: Tensor } {
  const op = 'adamwUpdate';
  const be = backendOf(op, param, grad, m, v);
  sameFloat(op, param, grad, m, v);
  for (const [name, t] of [['grad', grad], ['m', m], ['v', v]] as const) {
    if (t.shape.length !== param.shape.length || t.shape.some((d, i) => d !== param.shape[i])) {
      throw new ShapeError(`${op}: ${name} ${fmtShape(t.shape)} must have param's shape ${fmtShape(param.shape)}`);
    }
  }
  const hp: AdamWParams = { lr: opts.lr, beta1: opts.beta1 ?? 0.9, beta2: opts.beta2 ?? 0.999, eps: opts.eps ?? 1e-8, weightDecay: opts.weightDecay ?? 0.01, step: opts.step };
  if (!Number.isInteger(hp.step) || hp.step < 1) throw new ShapeError(`${op}: step must be an integer >= 1, got ${opts.step}`);
  for (const k of ['lr', 'beta1', 'beta2', 'eps', 'weightDecay'] as const) {
    if (!Number.isFinite(hp[k])) throw new ShapeError(`${op}: ${k} must be a finite number, got ${hp[k]}`);
  }
  if (!(hp.beta1 >= 0 && hp.beta1 < 1 && hp.beta2 >= 0 && hp.beta2 < 1)) throw new ShapeError(`${op}: betas must lie in [0, 1), got ${hp.beta1}, ${hp.beta2}`);
  if (param.size === 0) return { param: filled(be, param.shape, 0, param.dtype), m: filled(be, param.shape, 0, param.dtype), v: filled(be, param.shape, 0, param.dtype) };
  const r = be.adamwUpdate(param.viewFor(op), grad.viewFor(op), m.viewFor(op), v.viewFor(op), hp);
  return { param: wrap(r.param, param.shape, param.dtype), m: wrap(r.m, param.shape, param.dtype), v: wrap(r.v, param.shape, param.dtype) };
}
