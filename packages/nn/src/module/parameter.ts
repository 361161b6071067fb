/**
 * A slot holding a module's current tensor. The engine has no in-place ops, so an
 * update makes a new tensor; `assign()` swaps it in and disposes the old one, so a
 * module's forward (which reads `.value` each call) always sees the newest value and
 * memory stays flat across steps.
 */
import { type DType, type Tensor, ShapeError, keep } from '@prior/tensor';
import '@prior/autograd';

export interface ParameterOptions {
  /** Trainable (true for parameters; buffers such as running statistics use false). */
  requiresGrad?: boolean;
}

export class Parameter {
  #value: Tensor;
  readonly requiresGrad: boolean;

  /** Takes ownership of `value` (kept out of any enclosing scope). */
  constructor(value: Tensor, opts: ParameterOptions = {}) {
    this.requiresGrad = opts.requiresGrad ?? true;
    this.#value = this.#adopt(value);
  }

  /** The current tensor: a leaf that requires grad when the slot is trainable. */
  get value(): Tensor {
    return this.#value;
  }
  get shape(): readonly number[] {
    return this.#value.shape;
  }
  get dtype(): DType {
    return this.#value.dtype;
  }
  get size(): number {
    return this.#value.size;
  }

  /** The gradient accumulated on the current value by backward(), or null. */
  get grad(): Tensor | null {
    return this.#value.grad;
  }
  set grad(g: Tensor | null) {
    this.#value.grad = g;
  }

  /** Disposes the current gradient. */
  zeroGrad(): void {
    this.#value.zeroGrad();
  }

  /**
   * Replaces the value with `next` (same shape; this slot takes ownership) and disposes
   * the old value and its gradient. Computed tensors are cut off from the tape first.
   */
  assign(next: Tensor): void {
    if (next === this.#value) return;
    if (next.shape.length !== this.shape.length || next.shape.some((n, i) => n !== this.shape[i])) {
      throw new ShapeError(`Parameter.assign: expected shape [${this.shape.join(', ')}], got [${next.shape.join(', ')}]`);
    }
    this.replace(next);
  }

  /** Like assign() but allows a new shape or dtype (used by loading and device moves). */
  replace(next: Tensor): void {
    if (next === this.#value) return;
    const old = this.#value;
    this.#value = this.#adopt(next);
    old.zeroGrad();
    old.dispose();
  }

  /** Frees the value and its gradient. */
  dispose(): void {
    this.#value.zeroGrad();
    this.#value.dispose();
  }

  #adopt(t: Tensor): Tensor {
    let v = t;
    if (!v.isLeaf) {
      v = t.detach();
      t.dispose();
    }
    keep(v);
    if (this.requiresGrad) v.requiresGrad = true;
    return v;
  }
}
