/**
 * Reverse-mode accumulation: walks the graph once in reverse topological order
 * (shared subgraphs once), runs each node's rule, sums gradients arriving at the same
 * node, and delivers leaf gradients. Saved tensors are freed as nodes finish unless the
 * graph is retained.
 */
import { type Tensor, add, cast, contiguous, keep, onesLike, scope } from '@prior/tensor';
import { AutogradError } from './errors.js';
import { noGrad } from './grad-mode.js';
import { type Node, getGrad, nodeOf, requiresGrad, setGrad, stateOf } from './tape.js';
import { unbroadcast } from './unbroadcast.js';

/** Nodes reachable from `root`, each after every node that consumes it. */
export function topoOrder(root: Node): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>([root]);
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [n, i] = top;
    if (i < n.edges.length) {
      top[1]++;
      const child = n.edges[i]?.node;
      if (child && !seen.has(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(n);
    }
  }
  return order.reverse();
}

/** Sums two gradients, consuming both. */
function addInto(a: Tensor, b: Tensor): Tensor {
  const s = add(a, b);
  a.dispose();
  b.dispose();
  return s;
}

export interface RunOptions {
  retainGraph?: boolean;
  /** Receives each leaf gradient (owned by the sink); default: accumulate into `.grad`. */
  sink?: (leaf: Tensor, g: Tensor) => void;
}

/** Accumulates into `leaf.grad`, which the leaf owns (kept out of every scope). */
export function accumulateGrad(leaf: Tensor, g: Tensor): void {
  if (leaf.isDisposed) {
    g.dispose();
    return;
  }
  let r = g.isContiguous ? g : contiguous(g);
  if (r !== g) g.dispose();
  const prev = getGrad(leaf);
  if (prev) r = addInto(cast(prev, prev.dtype), r);
  setGrad(leaf, keep(r));
}

/**
 * Backpropagates `seed` (the gradient of some scalar with respect to `root`; consumed)
 * through the graph that produced `root`.
 */
export function runBackward(root: Tensor, seed: Tensor, opts: RunOptions = {}): void {
  const sink = opts.sink ?? accumulateGrad;
  const rootNode = nodeOf(root);
  if (!rootNode) {
    // A leaf: its gradient is the seed itself.
    sink(root, seed);
    return;
  }
  const order = topoOrder(rootNode);
  for (const n of order) n.check(); // fail before touching any gradient
  const pending = new Map<Node, Tensor>([[rootNode, seed]]);
  noGrad(() => {
    for (const node of order) {
      const g = pending.get(node);
      pending.delete(node);
      if (!g) {
        if (!opts.retainGraph) node.release();
        continue;
      }
      const saved = node.saved;
      const raw = scope(() => [...node.vjp(g, saved, node.needs)]);
      // Own every result separately: a rule may pass g or a saved tensor through.
      const seen = new Set<Tensor>([g, ...saved]);
      const grads = raw.map((r) => {
        if (!r) return null;
        const owned = seen.has(r) ? cast(r, r.dtype) : r;
        seen.add(r);
        return owned;
      });
      g.dispose();
      if (!opts.retainGraph) node.release();
      node.edges.forEach((edge, i) => {
        const gi = grads[i];
        if (!gi) return;
        if (!edge) {
          gi.dispose();
          return;
        }
        const fit = unbroadcast(node.name, gi, edge.shape, edge.dtype);
        gi.dispose();
        if (edge.node) {
          const prev = pending.get(edge.node);
          pending.set(edge.node, prev ? addInto(prev, fit) : fit);
        } else if (edge.leaf) sink(edge.leaf, fit);
      });
      for (let i = node.edges.length; i < grads.length; i++) grads[i]?.dispose();
    }
  });
  for (const g of pending.values()) g.dispose();
}

/** `t.backward(gradient?, { retainGraph })`: accumulates d(t)/d(leaf) into each leaf's `.grad`. */
export function backward(t: Tensor, gradient?: Tensor | null, opts: { retainGraph?: boolean } = {}): void {
  if (!requiresGrad(t)) {
    throw new AutogradError(`backward: ${t.toString()} does not require grad (no input of its graph has requiresGrad = true, or it was computed under noGrad)`);
  }
  let seed: Tensor;
  if (gradient) {
    if (gradient.shape.length !== t.shape.length || gradient.shape.some((d, i) => d !== t.shape[i])) {
      throw new AutogradError(`backward: gradient of shape [${gradient.shape.join(', ')}] does not match the tensor's shape [${t.shape.join(', ')}]`);
    }
    seed = cast(gradient, t.dtype);
  } else {
    if (t.size !== 1) throw new AutogradError(`backward: a gradient can be created implicitly only for one-element outputs, got shape [${t.shape.join(', ')}]; pass one`);
    seed = onesLike(t);
  }
  if (stateOf(t)?.node === null) {
    // A leaf: d(t)/d(t) is the seed.
    accumulateGrad(t, seed);
    return;
  }
  runBackward(t, seed, opts);
}

/** Frees the saved tensors of every node under `t` (for graphs that will not be backpropagated). */
export function releaseGraph(t: Tensor): void {
  const n = nodeOf(t);
  if (n) for (const node of topoOrder(n)) node.release();
}
