/**
 * SGD with PyTorch 1.13's update (torch.optim._functional.sgd, single-tensor path):
 *   d ← g + wd·θ
 *   b ← d on the first step, else μ·b + (1 − dampening)·d
 *   d ← d + μ·b (Nesterov) or b
 *   θ ← θ − lr·d
 */
import * as T from '@prior/tensor';
import type { Tensor } from '@prior/tensor';
import { Optimizer, OptimizerError, type ParamState, type ParamsInput } from './optimizer.js';

export interface SgdOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

export class SGD extends Optimizer<SgdOptions> {
  /** `lr` is required, as in PyTorch. */
  constructor(params: ParamsInput<SgdOptions>, opts: Partial<SgdOptions> & { lr: number }) {
    super(params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...opts }, 'SGD');
  }

  protected override validate(g: SgdOptions): void {
    super.validate(g);
    if (!(g.momentum >= 0)) throw new OptimizerError(`SGD: momentum must be non-negative, got ${g.momentum}`);
    if (!(g.weightDecay >= 0)) throw new OptimizerError(`SGD: weightDecay must be non-negative, got ${g.weightDecay}`);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) throw new OptimizerError('SGD: Nesterov momentum requires a momentum and zero dampening');
  }

  protected update(value: Tensor, grad: Tensor, o: SgdOptions, s: ParamState): { value: Tensor; state: ParamState } {
    let d = o.maximize ? T.neg(grad) : grad;
    if (o.weightDecay !== 0) d = T.add(d, T.mul(value, o.weightDecay));
    const state: ParamState = {};
    if (o.momentum !== 0) {
      const b0 = s.momentumBuffer as Tensor | undefined;
      const b = b0 ? T.add(T.mul(b0, o.momentum), T.mul(d, 1 - o.dampening)) : T.clone(d);
      state.momentumBuffer = b;
      d = o.nesterov ? T.add(d, T.mul(b, o.momentum)) : b;
    }
    return { value: T.add(value, T.mul(d, -o.lr)), state };
  }
}
