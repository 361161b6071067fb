/**
 * How an op joins the tape. `differentiable` wraps a tensor op with its vector-Jacobian
 * rule; `customVjp` does the same for a fused function with its own forward residuals.
 * A node is recorded only when grad mode is on, some tensor input requires grad and the
 * output is floating point (integer and bool outputs are never differentiable).
 */
import { type Tensor, cast, isFloat, scope, Tensor as TensorClass } from '@prior/tensor';
import { isGradEnabled, noGrad } from './grad-mode.js';
import { type Grads, Node, attachNode, edgeFor, requiresGrad } from './tape.js';

/** Tensor arguments in call order: top-level tensors and tensors inside array arguments. */
export function tensorsIn(args: readonly unknown[]): Tensor[] {
  const out: Tensor[] = [];
  for (const a of args) {
    if (a instanceof TensorClass) out.push(a);
    else if (Array.isArray(a)) for (const x of a) if (x instanceof TensorClass) out.push(x);
  }
  return out;
}

/** A new tensor object sharing `t`'s storage: what the tape owns and may dispose. */
const share = (t: Tensor): Tensor => cast(t, t.dtype);

export type Backward = (g: Tensor, saved: readonly Tensor[], needs: readonly boolean[]) => Grads;

/**
 * Runs `forward` (ops inside are not recorded; its temporaries are disposed) and, when
 * recording, attaches a node whose saved tensors are views owned by the tape.
 */
function run(name: string, inputs: Tensor[], forward: () => { output: Tensor; saved: readonly Tensor[] }, backward: Backward): Tensor {
  const recording = isGradEnabled() && inputs.some(requiresGrad);
  const { output, saved } = scope(() =>
    noGrad(() => {
      const r = forward();
      // Fresh objects: the output gets its own tape state even if forward returned an input.
      return { output: share(r.output), saved: recording ? r.saved.map(share) : [] };
    }),
  );
  if (!recording || !isFloat(output.dtype)) {
    for (const t of saved) t.dispose();
    return output;
  }
  attachNode(output, new Node(name, inputs.map(edgeFor), saved, backward));
  return output;
}

/** Per argument position: a gradient for a tensor argument, an array of them for an array argument. */
export type ArgGrads = readonly (Tensor | null | undefined | readonly (Tensor | null | undefined)[])[];

/** Flattens per-argument gradients into `tensorsIn` order. */
function flatten(args: readonly unknown[], grads: ArgGrads): Grads {
  const out: (Tensor | null | undefined)[] = [];
  args.forEach((a, i) => {
    if (a instanceof TensorClass) out.push(grads[i] as Tensor | null | undefined);
    else if (Array.isArray(a)) {
      const gs = (grads[i] ?? []) as readonly (Tensor | null | undefined)[];
      a.forEach((x, j) => {
        if (x instanceof TensorClass) out.push(gs[j]);
      });
    }
  });
  return out;
}

/** Per argument position: whether that argument (or a tensor in that array) needs a gradient. */
function needsByArg(args: readonly unknown[], needs: readonly boolean[]): boolean[] {
  let k = 0;
  return args.map((a) => {
    if (a instanceof TensorClass) return needs[k++];
    if (!Array.isArray(a)) return false;
    let any = false;
    for (const x of a) if (x instanceof TensorClass) any = needs[k++] || any;
    return any;
  });
}

export interface VjpContext<A> {
  /** The op's arguments; tensors are the tape's saved views when inputs are saved. */
  args: A;
  /** The op's output (only when the output is saved; otherwise use it for its shape only). */
  out: Tensor;
  /** Per argument position: whether its gradient is wanted (rules may skip the others). */
  needs: readonly boolean[];
}

export type Save = 'inputs' | 'output' | 'both' | 'none';

/** Swaps each tensor in `args` for its saved view. */
function substitute<A extends unknown[]>(args: A, inputs: Tensor[], saved: readonly Tensor[]): A {
  const swap = (x: unknown) => (x instanceof TensorClass ? saved[inputs.indexOf(x)] : x);
  return args.map((a) => (Array.isArray(a) ? a.map(swap) : swap(a))) as A;
}

/**
 * A tensor op with its vector-Jacobian rule. `vjp(g, ctx)` returns, per argument
 * position, the gradient of that argument (an array for an array argument; null or
 * nothing for non-tensor arguments and where no gradient flows). Gradients may keep the
 * broadcast shape: the tape sums them back to each input's shape and casts them to its
 * dtype. `save` says what the rule reads besides shapes (default both inputs and output).
 */
export function differentiable<A extends unknown[]>(
  name: string,
  forward: (...args: A) => Tensor,
  vjp: (g: Tensor, ctx: VjpContext<NoInfer<A>>) => ArgGrads,
  save: Save = 'both',
): (...args: A) => Tensor {
  const inSaved = save === 'inputs' || save === 'both';
  const outSaved = save === 'output' || save === 'both';
  const op = (...args: A): Tensor => {
    const inputs = tensorsIn(args);
    // Fast path: nothing to record (tensor ops never return an input object, so the output is fresh).
    if (!isGradEnabled() || !inputs.some(requiresGrad)) return forward(...args);
    const result: Tensor = run(
      name,
      inputs,
      () => {
        const out = forward(...args);
        return { output: out, saved: [...(inSaved ? inputs : []), ...(outSaved ? [out] : [])] };
      },
      (g, saved, needs) =>
        flatten(
          args,
          vjp(g, {
            args: inSaved ? substitute(args, inputs, saved) : args,
            out: outSaved ? saved[saved.length - 1] : result,
            needs: needsByArg(args, needs),
          }),
        ),
    );
    return result;
  };
  Object.defineProperty(op, 'name', { value: name });
  return op;
}

/**
 * A differentiable function with a hand-written backward (for fused ops). `forward`
 * returns the output and the residuals its backward needs; `backward(g, saved, needs,
 * args)` (args as called: read tensor arguments for their shapes only) returns, per argument position, the gradient of that argument (as for
 * `differentiable`). Neither is recorded on the tape; the temporaries of `forward` are
 * disposed for you, the residuals when the graph is freed.
 */
export function customVjp<A extends unknown[]>(
  forward: (...args: A) => { output: Tensor; saved?: readonly Tensor[] },
  backward: (g: Tensor, saved: readonly Tensor[], needs: readonly boolean[], args: NoInfer<A>) => ArgGrads,
  name = 'customVjp',
): (...args: A) => Tensor {
  const op = (...args: A): Tensor =>
    run(
      name,
      tensorsIn(args),
      () => {
        const r = forward(...args);
        return { output: r.output, saved: r.saved ?? [] };
      },
      (g, saved, needs) => flatten(args, backward(g, saved, needsByArg(args, needs), args)),
    );
  Object.defineProperty(op, 'name', { value: name });
  return op;
}
