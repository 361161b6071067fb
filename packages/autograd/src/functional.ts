/**
 * The functional habit: `grad(fn)` / `valueAndGrad(fn)` return functions computing the
 * gradient of a scalar-valued `fn` with respect to chosen arguments. Gradients go to
 * the caller (owned by the caller's scope), never into any tensor's `.grad`: leaves
 * that `fn` closes over are left untouched.
 */
import { type Tensor, add, cast, onesLike, scope, zerosLike } from '@prior/tensor';
import { runBackward } from './backward.js';
import { AutogradError } from './errors.js';
import { enableGrad } from './grad-mode.js';
import { Tensor as TensorClass } from '@prior/tensor';
import { nodeOf, setRequiresGrad } from './tape.js';

export interface GradOptions {
  /** Argument positions to differentiate with respect to (default 0). */
  argnums?: number | readonly number[];
}

type Grad<N> = N extends readonly number[] ? Tensor[] : Tensor;

function run(fn: (...args: Tensor[]) => Tensor, args: Tensor[], argnums: number | readonly number[]): { value: Tensor; grads: Tensor[] } {
  const nums = typeof argnums === 'number' ? [argnums] : [...argnums];
  for (const i of nums) {
    if (!(args[i] instanceof TensorClass)) throw new AutogradError(`grad: argument ${i} must be a tensor to differentiate with respect to it`);
  }
  return scope(() =>
    enableGrad(() => {
      // Fresh leaves sharing storage: the caller's tensors keep their own grad state.
      const leaves = nums.map((i) => {
        const t = cast(args[i], args[i].dtype);
        setRequiresGrad(t, true);
        return t;
      });
      const call = args.map((a, i) => (nums.includes(i) ? leaves[nums.indexOf(i)] : a));
      const value = fn(...call);
      if (!(value instanceof TensorClass) || value.size !== 1) {
        throw new AutogradError(`grad: fn must return a one-element tensor, got ${value instanceof TensorClass ? `shape [${value.shape.join(', ')}]` : typeof value}`);
      }
      const got = new Map<Tensor, Tensor>();
      if (nodeOf(value) || leaves.includes(value)) {
        runBackward(value, onesLike(value), {
          sink: (leaf, g) => {
            // Leaves fn closes over are not asked for: their gradients are dropped.
            if (!leaves.includes(leaf)) return g.dispose();
            const prev = got.get(leaf);
            got.set(leaf, prev ? add(prev, g) : g);
          },
        });
      }
      // Arguments fn ignored get zeros.
      const grads = leaves.map((l) => got.get(l) ?? zerosLike(l));
      return { value, grads };
    }),
  );
}

/** d fn / d args[argnums]: one tensor, or an array when argnums is an array. */
export function grad<N extends number | readonly number[] = number>(fn: (...args: Tensor[]) => Tensor, opts: { argnums?: N } = {}): (...args: Tensor[]) => Grad<N> {
  return (...args) => {
    const { value, grads } = run(fn, args, opts.argnums ?? 0);
    value.dispose();
    return (Array.isArray(opts.argnums) ? grads : grads[0]) as Grad<N>;
  };
}

/** fn's value and its gradient, from one forward pass. */
export function valueAndGrad<N extends number | readonly number[] = number>(
  fn: (...args: Tensor[]) => Tensor,
  opts: { argnums?: N } = {},
): (...args: Tensor[]) => { value: Tensor; grad: Grad<N> } {
  return (...args) => {
    const { value, grads } = run(fn, args, opts.argnums ?? 0);
    return { value, grad: (Array.isArray(opts.argnums) ? grads : grads[0]) as Grad<N> };
  };
}

/** Disposes and clears `.grad` of each tensor. */
export function zeroGrad(tensors: Iterable<Tensor>): void {
  for (const t of tensors) t.zeroGrad();
}
