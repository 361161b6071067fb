/**
 * The base of the optimisers: parameter groups (PyTorch's param_groups, with the
 * hyperparameters as fields a scheduler may change), per-parameter state, and state
 * dicts for resuming. There are no in-place ops: each step computes new tensors under
 * noGrad and hands them over (`Parameter.assign` for values; the old moments are
 * disposed here), so memory stays flat across steps.
 */
import { noGrad } from '@prior/autograd';
import { type Tensor, TensorError, keep, scope } from '@prior/tensor';
import type { Parameter } from '../module/index.js';

/** Per-parameter state: moment tensors and scalar counters (`step`). */
export type ParamState = Record<string, Tensor | number>;

/** A parameter group: its parameters and its hyperparameters. */
export type ParamGroup<O> = O & { params: Parameter[]; initialLr?: number };

/** What the constructor takes: parameters, or groups that override some defaults. */
export type ParamsInput<O> = Iterable<Parameter> | readonly (Partial<O> & { params: Iterable<Parameter> })[];

/** A resumable snapshot. Tensors are the live state (copy them to keep them past the next step). */
export interface OptimizerState {
  /** Keyed by the parameter's index over all groups in order (PyTorch's numbering). */
  state: Map<number, ParamState>;
  /** Hyperparameters per group; `params` lists the indices of its parameters. */
  paramGroups: (Record<string, unknown> & { params: number[] })[];
}

export class OptimizerError extends TensorError {
  override name = 'OptimizerError';
}

const isGroupList = <O>(p: ParamsInput<O>): p is readonly (Partial<O> & { params: Iterable<Parameter> })[] =>
  Array.isArray(p) && p.length > 0 && typeof p[0] === 'object' && p[0] !== null && 'params' in p[0];

export abstract class Optimizer<O extends { lr: number }> {
  readonly paramGroups: ParamGroup<O>[] = [];
  protected readonly state = new Map<Parameter, ParamState>();

  constructor(
    params: ParamsInput<O>,
    readonly defaults: O,
    readonly name: string,
  ) {
    const groups = isGroupList(params) ? params : [{ params }];
    for (const g of groups) this.addParamGroup(g as Partial<O> & { params: Iterable<Parameter> });
  }

  /** Adds a group; options it leaves out take the defaults. A parameter may be in one group only. */
  addParamGroup(group: Partial<O> & { params: Iterable<Parameter> }): void {
    const params = [...group.params];
    if (params.length === 0) throw new OptimizerError(`${this.name}: a parameter group has no parameters`);
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    for (const p of params) if (seen.has(p)) throw new OptimizerError(`${this.name}: a parameter appears in more than one group`);
    const full = { ...this.defaults, ...group, params } as ParamGroup<O>;
    this.validate(full);
    this.paramGroups.push(full);
  }

  /** Throws on a bad hyperparameter (named). */
  protected validate(group: O): void {
    if (!(group.lr >= 0)) throw new OptimizerError(`${this.name}: lr must be non-negative, got ${group.lr}`);
  }

  /**
   * One update of every parameter that has a gradient. `update` returns the new value
   * and the new state; tensors it creates and does not return are freed.
   */
  protected abstract update(value: Tensor, grad: Tensor, group: O, state: ParamState): { value: Tensor; state: ParamState };

  step(): void {
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          const grad = p.grad;
          if (!grad) continue;
          const old = this.state.get(p) ?? {};
          const next = scope(() => this.update(p.value, grad, group, old));
          for (const v of Object.values(next.state)) if (typeof v !== 'number') keep(v);
          // Old moments go unless the rule carried them over unchanged.
          const kept = new Set(Object.values(next.state));
          for (const v of Object.values(old)) if (typeof v !== 'number' && !kept.has(v)) v.dispose();
          if (Object.keys(next.state).length > 0) this.state.set(p, next.state);
          else this.state.delete(p);
          p.assign(next.value);
        }
      }
    });
  }

  /** Disposes every parameter's gradient (PyTorch's zero_grad(set_to_none=True)). */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.zeroGrad();
  }

  /** The parameters in PyTorch's numbering (groups in order). */
  protected ordered(): Parameter[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  stateDict(): OptimizerState {
    const params = this.ordered();
    const state = new Map<number, ParamState>();
    params.forEach((p, i) => {
      const s = this.state.get(p);
      if (s) state.set(i, { ...s });
    });
    let next = 0;
    const paramGroups = this.paramGroups.map(({ params: ps, ...hyper }) => ({ ...hyper, params: ps.map(() => next++) }));
    return { state, paramGroups };
  }

  /**
   * Restores a snapshot: hyperparameters per group and copies of the state tensors
   * (cast to each parameter's dtype; they must be on its device). Group sizes and
   * tensor shapes must match; an error names the parameter and both shapes.
   */
  loadStateDict(sd: OptimizerState): void {
    if (sd.paramGroups.length !== this.paramGroups.length) {
      throw new OptimizerError(`${this.name}.loadStateDict: the snapshot has ${sd.paramGroups.length} parameter group(s), this optimiser ${this.paramGroups.length}`);
    }
    sd.paramGroups.forEach((g, i) => {
      if (g.params.length !== this.paramGroups[i].params.length) {
        throw new OptimizerError(`${this.name}.loadStateDict: group ${i} has ${g.params.length} parameter(s) in the snapshot, ${this.paramGroups[i].params.length} here`);
      }
    });
    const params = this.ordered();
    for (const [i, s] of sd.state) {
      const p = params[i];
      if (!p) throw new OptimizerError(`${this.name}.loadStateDict: state for parameter ${i}, but there are only ${params.length}`);
      for (const [k, v] of Object.entries(s)) {
        if (typeof v === 'number') continue;
        const same = v.shape.length === p.shape.length && v.shape.every((n, j) => n === p.shape[j]);
        if (!same) throw new OptimizerError(`${this.name}.loadStateDict: state '${k}' of parameter ${i} has shape [${v.shape.join(', ')}], the parameter is [${p.shape.join(', ')}]`);
        if (v.backend !== p.value.backend) throw new OptimizerError(`${this.name}.loadStateDict: state '${k}' of parameter ${i} is on ${v.device}, the parameter on ${p.value.device}`);
      }
    }
    this.disposeState();
    for (const [i, s] of sd.state) {
      const p = params[i];
      const copy: ParamState = {};
      for (const [k, v] of Object.entries(s)) copy[k] = typeof v === 'number' ? v : scope(() => keep(v.cast(p.dtype).clone()));
      this.state.set(p, copy);
    }
    sd.paramGroups.forEach(({ params: _ids, ...hyper }, i) => Object.assign(this.paramGroups[i], hyper));
  }

  /** Frees the state tensors (not the parameters). */
  dispose(): void {
    this.disposeState();
  }

  private disposeState(): void {
    for (const s of this.state.values()) for (const v of Object.values(s)) if (typeof v !== 'number') v.dispose();
    this.state.clear();
  }
}
