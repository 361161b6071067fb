/**
 * Adam and AdamW with PyTorch 1.13's update (torch.optim._functional, single-tensor path):
 *   g ← g + wd·θ                (Adam: L2 penalty folded into the gradient)
 *   θ ← θ·(1 − lr·wd)           (AdamW: decoupled decay, applied before the moments)
 *   m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²
 *   θ ← θ − (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + ε)
 * amsgrad uses the running maximum of v; maximize ascends (g ← −g).
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

class AdamBase extends Optimizer<AdamOptions> {
  constructor(
    params: ParamsInput<AdamOptions>,
    defaults: AdamOptions,
    name: string,
    private readonly decoupled: boolean,
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
}

const adamDefaults: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false };

/** torch.optim.Adam (weight decay as an L2 term in the gradient). */
export class Adam extends AdamBase {
  constructor(params: ParamsInput<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    super(params, { ...adamDefaults, ...opts }, 'Adam', false);
  }
}

/** torch.optim.AdamW (decoupled weight decay, default 1e-2). */
export class AdamW extends AdamBase {
  constructor(params: ParamsInput<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    super(params, { ...adamDefaults, weightDecay: 1e-2, ...opts }, 'AdamW', true);
  }
}
