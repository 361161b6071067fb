/**
 * Adam and AdamW with PyTorch 1.13's update (torch.optim._functional, single-tensor path):
 *   g ← g + wd·θ                (Adam: L2 penalty folded into the gradient)
 *   θ ← θ·(1 − lr·wd)           (AdamW: decoupled decay, applied before the moments)
 *   m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²
 *   θ ← θ − (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + ε)
 * amsgrad uses the running maximum of v; maximize ascends (g ← −g).
 *
 * Where the rule allows (no amsgrad, no maximize; float32, or float64 on cpu) the step
 * runs as @prior/tensor's adamwUpdate, one dispatch per parameter instead of ~14. It
 * computes the same update (lr·(m/bc1) / (sqrt(v/bc2) + ε), equal to the above up to
 * rounding) and the state keeps its form: { step, expAvg, expAvgSq }.
 */
import * as T from '@prior/tensor';
import type { Tensor } from '@prior/tensor';
import { Optimizer, OptimizerError, type ParamState, type ParamsInput } from './optimizer.js';

export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

/**
 * How the step runs; not a hyperparameter, so it stays out of the groups and state dicts.
 * fused (default true): use the one-dispatch kernel wherever it applies, else the ops.
 */
export interface AdamImplOptions {
  fused?: boolean;
}

/** Tensors the fused kernel can update: float32 anywhere, float64 on the cpu backend. */
const fusableDtype = (t: Tensor): boolean => t.dtype === 'float32' || (t.dtype === 'float64' && t.device === 'cpu');

class AdamBase extends Optimizer<AdamOptions> {
  constructor(
    params: ParamsInput<AdamOptions>,
    defaults: AdamOptions,
    name: string,
    private readonly decoupled: boolean,
    /** Whether steps use the fused kernel where it applies (see AdamImplOptions). */
    readonly fused: boolean,
  ) {
    super(params, defaults, name);
  }

  protected override validate(g: AdamOptions): void {
    super.validate(g);
    const [b1, b2] = g.betas;
    if (!(b1 >= 0 && b1 < 1) || !(b2 >= 0 && b2 < 1)) throw new OptimizerError(`${this.name}: betas must be in [0, 1), got [${g.betas.join(', ')}]`);
    if (!(g.eps >= 0)) throw new OptimizerError(`${this.name}: eps must be non-negative, got ${g.eps}`);
    if (!(g.weightDecay >= 0)) throw new OptimizerError(`${this.name}: weightDecay must be non-negative, got ${g.weightDecay}`);
  }

  protected update(value: Tensor, grad: Tensor, o: AdamOptions, s: ParamState): { value: Tensor; state: ParamState } {
    const [b1, b2] = o.betas;
    const step = ((s.step as number | undefined) ?? 0) + 1;
    if (this.fused && !o.amsgrad && !o.maximize && fusableDtype(value) && grad.dtype === value.dtype) return this.fusedUpdate(value, grad, o, s, step);
    let g = o.maximize ? T.neg(grad) : grad;
    let p = value;
    if (o.weightDecay !== 0) {
      if (this.decoupled) p = T.mul(p, 1 - o.lr * o.weightDecay);
      else g = T.add(g, T.mul(p, o.weightDecay));
    }
    const m0 = s.expAvg as Tensor | undefined;
    const v0 = s.expAvgSq as Tensor | undefined;
    // First step: the zero-initialised moments contribute nothing.
    const m = m0 ? T.add(T.mul(m0, b1), T.mul(g, 1 - b1)) : T.mul(g, 1 - b1);
    const gg = T.mul(T.mul(g, 1 - b2), g);
    const v = v0 ? T.add(T.mul(v0, b2), gg) : gg;
    const stepSize = o.lr / (1 - b1 ** step);
    const bc2Sqrt = Math.sqrt(1 - b2 ** step);
    const state: ParamState = { step, expAvg: m, expAvgSq: v };
    let second = v;
    if (o.amsgrad) {
      const vmax0 = s.maxExpAvgSq as Tensor | undefined;
      second = vmax0 ? T.maximum(vmax0, v) : v;
      state.maxExpAvgSq = second === v ? T.clone(v) : second;
    }
    const denom = T.add(T.div(T.sqrt(second), bc2Sqrt), o.eps);
    return { value: T.add(p, T.mul(T.div(m, denom), -stepSize)), state };
  }

  /** The same step through adamwUpdate; Adam's L2 term goes into the gradient first. */
  private fusedUpdate(value: Tensor, grad: Tensor, o: AdamOptions, s: ParamState, step: number): { value: Tensor; state: ParamState } {
    const [beta1, beta2] = o.betas;
    const l2 = !this.decoupled && o.weightDecay !== 0;
    const g = l2 ? T.add(grad, T.mul(value, o.weightDecay)) : grad;
    // Zero moments before the first step, as PyTorch initialises them.
    const m0 = (s.expAvg as Tensor | undefined) ?? T.zerosLike(value);
    const v0 = (s.expAvgSq as Tensor | undefined) ?? T.zerosLike(value);
    const weightDecay = this.decoupled ? o.weightDecay : 0;
    const r = T.adamwUpdate(value, g, m0, v0, { lr: o.lr, beta1, beta2, eps: o.eps, weightDecay, step });
    return { value: r.param, state: { step, expAvg: r.m, expAvgSq: r.v } };
  }
}

const adamDefaults: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false };

/** torch.optim.Adam (weight decay as an L2 term in the gradient). */
export class Adam extends AdamBase {
  constructor(params: ParamsInput<AdamOptions>, opts: Partial<AdamOptions> & AdamImplOptions = {}) {
    const { fused = true, ...hyper } = opts;
    super(params, { ...adamDefaults, ...hyper }, 'Adam', false, fused);
  }
}

/** torch.optim.AdamW (decoupled weight decay, default 1e-2). */
export class AdamW extends AdamBase {
  constructor(params: ParamsInput<AdamOptions>, opts: Partial<AdamOptions> & AdamImplOptions = {}) {
    const { fused = true, ...hyper } = opts;
    super(params, { ...adamDefaults, weightDecay: 1e-2, ...hyper }, 'AdamW', true, fused);
  }
}
