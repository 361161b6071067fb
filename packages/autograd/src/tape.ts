/**
 * The tape: per-tensor gradient state kept beside the tensor (a WeakMap, so the
 * tensor package stays gradient-free), and the graph nodes that ops record.
 */
import { type DType, type Tensor, isFloat } from '@prior/tensor';
import { AutogradError } from './errors.js';

/** Gradients of one op's output with respect to each tensor input (null: none). */
export type Grads = readonly (Tensor | null | undefined)[];

/** Where a gradient goes: the node that made the input, or the input itself as a leaf. */
export interface Edge {
  node: Node | null;
  leaf: Tensor | null;
  shape: readonly number[];
  dtype: DType;
}

/** One recorded op. `saved` holds views the backward needs; freed by backward or scope. */
export class Node {
  #saved: Tensor[] | null;

  constructor(
    readonly name: string,
    /** One per tensor input, null for inputs that do not require grad. */
    readonly edges: readonly (Edge | null)[],
    saved: Tensor[],
    readonly vjp: (g: Tensor, saved: readonly Tensor[], needs: readonly boolean[]) => Grads,
  ) {
    this.#saved = saved;
  }

  get saved(): readonly Tensor[] {
    if (!this.#saved) {
      throw new AutogradError(`backward through ${this.name} a second time: its saved tensors were freed by the first backward (pass { retainGraph: true } to the first one)`);
    }
    return this.#saved;
  }

  /** Which inputs need a gradient (the rule may skip the others). */
  get needs(): boolean[] {
    return this.edges.map((e) => e !== null);
  }

  get released(): boolean {
    return this.#saved === null;
  }

  /** Throws when backward cannot run through this node. */
  check(): void {
    const saved = this.saved;
    if (saved.some((t) => t.isDisposed)) {
      throw new AutogradError(`backward: a tensor saved by ${this.name} was disposed; the graph was probably built inside a scope() that has ended (call backward() inside that scope)`);
    }
  }

  release(): void {
    if (!this.#saved) return;
    for (const t of this.#saved) t.dispose();
    this.#saved = null;
  }
}

interface GradState {
  requiresGrad: boolean;
  grad: Tensor | null;
  node: Node | null;
}

const states = new WeakMap<Tensor, GradState>();

export function stateOf(t: Tensor): GradState | undefined {
  return states.get(t);
}

function ensure(t: Tensor): GradState {
  let s = states.get(t);
  if (!s) states.set(t, (s = { requiresGrad: false, grad: null, node: null }));
  return s;
}

export function requiresGrad(t: Tensor): boolean {
  const s = states.get(t);
  return !!s && (s.requiresGrad || s.node !== null);
}

/** The node that produced `t`, or null for leaves and constants. */
export function nodeOf(t: Tensor): Node | null {
  return states.get(t)?.node ?? null;
}

export function setRequiresGrad(t: Tensor, flag: boolean): void {
  const s = states.get(t);
  if (s?.node) {
    throw new AutogradError(`requiresGrad can only be set on leaf tensors; ${t.toString()} was computed by ${s.node.name} (use detach() for a leaf copy)`);
  }
  if (flag && !isFloat(t.dtype)) throw new AutogradError(`requiresGrad: only floating-point tensors can require gradients, got ${t.dtype}`);
  ensure(t).requiresGrad = flag;
}

export function attachNode(t: Tensor, node: Node): void {
  ensure(t).node = node;
}

export function edgeFor(t: Tensor): Edge | null {
  const s = states.get(t);
  if (!s) return null;
  if (s.node) return { node: s.node, leaf: null, shape: t.shape, dtype: t.dtype };
  if (s.requiresGrad) return { node: null, leaf: t, shape: t.shape, dtype: t.dtype };
  return null;
}

export function getGrad(t: Tensor): Tensor | null {
  const g = states.get(t)?.grad ?? null;
  return g && !g.isDisposed ? g : null;
}

/** Replaces the stored gradient, disposing the old one (the tensor owns its `.grad`). */
export function setGrad(t: Tensor, g: Tensor | null): void {
  const s = ensure(t);
  if (s.grad && s.grad !== g) s.grad.dispose();
  s.grad = g;
}
