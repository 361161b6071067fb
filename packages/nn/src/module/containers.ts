/** PyTorch's containers: children named by position (`0`, `1`, ...) or by key. */
import { type Tensor, TensorError } from '@prior/tensor';
import { Module } from './module.js';

/** A module with a one-tensor forward, what Sequential chains. */
export type TensorModule = Module & { forward(x: Tensor): Tensor };

/** Holds submodules in a list; forward is the caller's business. */
export class ModuleList<M extends Module = Module> extends Module {
  readonly #items: M[] = [];

  constructor(modules: Iterable<M> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  append(m: M): this {
    this.registerModule(String(this.#items.length), m);
    this.#items.push(m);
    return this;
  }

  get length(): number {
    return this.#items.length;
  }

  /** Negative indices count from the end, as Python's. */
  at(i: number): M {
    const m = this.#items.at(i);
    if (!m) throw new TensorError(`ModuleList: index ${i} out of range for length ${this.#items.length}`);
    return m;
  }

  [Symbol.iterator](): Iterator<M> {
    return this.#items[Symbol.iterator]();
  }
}

/** Chains one-tensor modules; children are named 0, 1, ... (or by key when built from a record). */
export class Sequential extends Module {
  readonly #items: TensorModule[] = [];

  constructor(...modules: TensorModule[] | [Record<string, TensorModule>]) {
    super();
    const named = modules.length === 1 && !(modules[0] instanceof Module) ? Object.entries(modules[0] as Record<string, TensorModule>) : null;
    const entries = named ?? (modules as TensorModule[]).map((m, i) => [String(i), m] as const);
    for (const [n, m] of entries) {
      this.registerModule(n, m);
      this.#items.push(m);
    }
  }

  get length(): number {
    return this.#items.length;
  }

  at(i: number): TensorModule {
    const m = this.#items.at(i);
    if (!m) throw new TensorError(`Sequential: index ${i} out of range for length ${this.#items.length}`);
    return m;
  }

  [Symbol.iterator](): Iterator<TensorModule> {
    return this.#items[Symbol.iterator]();
  }

  forward(x: Tensor): Tensor {
    let h = x;
    for (const m of this.#items) h = m.forward(h);
    return h;
  }
}

/** Submodules by name, in insertion order. */
export class ModuleDict<M extends Module = Module> extends Module {
  readonly #items = new Map<string, M>();

  constructor(modules: Record<string, M> | Iterable<[string, M]> = {}) {
    super();
    const entries = Symbol.iterator in modules ? (modules as Iterable<[string, M]>) : Object.entries(modules);
    for (const [n, m] of entries) this.set(n, m);
  }

  set(name: string, m: M): this {
    this.registerModule(name, m);
    this.#items.set(name, m);
    return this;
  }

  get(name: string): M {
    const m = this.#items.get(name);
    if (!m) throw new TensorError(`ModuleDict: no module named '${name}' (have ${[...this.#items.keys()].join(', ') || 'none'})`);
    return m;
  }

  has(name: string): boolean {
    return this.#items.has(name);
  }

  keys(): IterableIterator<string> {
    return this.#items.keys();
  }

  entries(): IterableIterator<[string, M]> {
    return this.#items.entries();
  }

  get size(): number {
    return this.#items.size;
  }
}

/** Returns its input. */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}
