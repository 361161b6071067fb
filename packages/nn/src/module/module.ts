/**
 * The base of every layer: registered parameters, buffers and submodules in
 * registration order, PyTorch's dotted names, train/eval mode and state dicts.
 * Registration is explicit (`this.registerParameter('weight', ...)`) because names must
 * be PyTorch's (`running_mean`, `in_proj_weight`) while fields are camelCase.
 */
import { type Device, type Tensor, TensorError, cast, clone, keep, scope } from '@prior/tensor';
import { Parameter } from './parameter.js';

/** Ordered name → tensor entries, as PyTorch's state_dict (values are the live tensors, not copies). */
export type StateDict = Map<string, Tensor>;

export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

export class StateDictError extends TensorError {
  constructor(
    message: string,
    readonly missingKeys: string[] = [],
    readonly unexpectedKeys: string[] = [],
  ) {
    super(message);
    this.name = 'StateDictError';
  }
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((n, i) => n === b[i]);

export class Module {
  /** Training mode (dropout active, batch statistics); toggled by train()/eval(). */
  training = true;
  readonly #params = new Map<string, Parameter | null>();
  readonly #buffers = new Map<string, Parameter | null>();
  readonly #nonPersistent = new Set<string>();
  readonly #modules = new Map<string, Module | null>();

  /** Registers a parameter (null: an absent optional one, e.g. bias=False). Returns it. */
  protected registerParameter<P extends Parameter | null>(name: string, p: P): P {
    this.#checkName(name);
    this.#params.set(name, p);
    return p;
  }

  /**
   * Registers a buffer: state that is saved and loaded but not trained (running
   * statistics). Non-persistent buffers stay out of stateDict(); loading accepts them.
   */
  protected registerBuffer(name: string, t: Tensor | null, opts: { persistent?: boolean } = {}): Parameter | null {
    this.#checkName(name);
    const slot = t ? new Parameter(t, { requiresGrad: false }) : null;
    this.#buffers.set(name, slot);
    if (opts.persistent === false) this.#nonPersistent.add(name);
    return slot;
  }

  /** Registers a submodule (null allowed, as PyTorch's optional children). Returns it. */
  protected registerModule<M extends Module | null>(name: string, m: M): M {
    this.#checkName(name);
    this.#modules.set(name, m);
    return m;
  }

  #checkName(name: string): void {
    if (name === '' || name.includes('.')) throw new TensorError(`Module: invalid name '${name}' (non-empty, without '.')`);
    if (this.#params.has(name) || this.#buffers.has(name) || this.#modules.has(name)) {
      throw new TensorError(`Module: '${name}' is already registered on ${this.constructor.name}`);
    }
  }

  /** Direct children, in registration order. */
  *namedChildren(): Generator<[string, Module]> {
    for (const [n, m] of this.#modules) if (m) yield [n, m];
  }

  children(): Module[] {
    return [...this.namedChildren()].map(([, m]) => m);
  }

  /** This module and every descendant, depth first, with dotted names ('' for this one). */
  *namedModules(prefix = ''): Generator<[string, Module]> {
    yield [prefix, this];
    for (const [n, m] of this.namedChildren()) yield* m.namedModules(prefix ? `${prefix}.${n}` : n);
  }

  modules(): Module[] {
    return [...this.namedModules()].map(([, m]) => m);
  }

  /** Parameters with dotted names (`layer1.0.conv1.weight`); each listed once. */
  *namedParameters(prefix = ''): Generator<[string, Parameter]> {
    const seen = new Set<Parameter>();
    for (const [path, m] of this.namedModules(prefix)) {
      for (const [n, p] of m.#params) {
        if (!p || seen.has(p)) continue;
        seen.add(p);
        yield [path ? `${path}.${n}` : n, p];
      }
    }
  }

  parameters(): Parameter[] {
    return [...this.namedParameters()].map(([, p]) => p);
  }

  /** Buffers with dotted names (persistent and not). */
  *namedBuffers(prefix = ''): Generator<[string, Parameter]> {
    for (const [path, m] of this.namedModules(prefix)) {
      for (const [n, b] of m.#buffers) if (b) yield [path ? `${path}.${n}` : n, b];
    }
  }

  buffers(): Parameter[] {
    return [...this.namedBuffers()].map(([, b]) => b);
  }

  /** Sets training mode here and below. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Calls fn on every descendant, then on this module (PyTorch's order). */
  apply(fn: (m: Module) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }

  /** Disposes the gradients of every parameter. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /**
   * Parameters then buffers of each module, module by module (PyTorch's order), by
   * dotted name. The tensors are the live values: copy them to keep them past an update.
   */
  stateDict(): StateDict {
    const sd: StateDict = new Map();
    for (const [path, m] of this.namedModules()) {
      const key = (n: string) => (path ? `${path}.${n}` : n);
      for (const [n, p] of m.#params) if (p) sd.set(key(n), p.value);
      for (const [n, b] of m.#buffers) if (b && !m.#nonPersistent.has(n)) sd.set(key(n), b.value);
    }
    return sd;
  }

  /**
   * Copies the entries of `sd` into the matching parameters and buffers (cast to their
   * dtype, moved to their device is the caller's job: tensors must be on the module's
   * backend). Shapes must match. With strict (the default) any missing or unexpected
   * key throws a StateDictError listing them; otherwise they are returned.
   */
  loadStateDict(sd: ReadonlyMap<string, Tensor> | Record<string, Tensor>, opts: { strict?: boolean } = {}): LoadResult {
    const entries = sd instanceof Map ? sd : new Map(Object.entries(sd));
    const slots = new Map<string, Parameter>();
    const optional = new Set<string>();
    for (const [path, m] of this.namedModules()) {
      const key = (n: string) => (path ? `${path}.${n}` : n);
      for (const [n, p] of m.#params) if (p) slots.set(key(n), p);
      for (const [n, b] of m.#buffers) {
        if (!b) continue;
        slots.set(key(n), b);
        if (m.#nonPersistent.has(n)) optional.add(key(n));
      }
    }
    const missingKeys = [...slots.keys()].filter((k) => !entries.has(k) && !optional.has(k));
    const unexpectedKeys = [...entries.keys()].filter((k) => !slots.has(k));
    if (opts.strict !== false && (missingKeys.length || unexpectedKeys.length)) {
      throw new StateDictError(
        `loadStateDict: ${missingKeys.length} missing key(s) [${missingKeys.slice(0, 10).join(', ')}${missingKeys.length > 10 ? ', ...' : ''}], ` +
          `${unexpectedKeys.length} unexpected key(s) [${unexpectedKeys.slice(0, 10).join(', ')}${unexpectedKeys.length > 10 ? ', ...' : ''}]`,
        missingKeys,
        unexpectedKeys,
      );
    }
    for (const [k, slot] of slots) {
      const t = entries.get(k);
      if (!t) continue;
      if (!sameShape(t.shape, slot.shape)) {
        throw new StateDictError(`loadStateDict: '${k}' has shape [${t.shape.join(', ')}], the module expects [${slot.shape.join(', ')}]`);
      }
      if (t.backend !== slot.value.backend) {
        throw new StateDictError(`loadStateDict: '${k}' is on ${t.device}, the module is on ${slot.value.device} (move it with to() first)`);
      }
    }
    // A fresh copy per slot: the module owns its values and the caller keeps theirs.
    for (const [k, slot] of slots) {
      const t = entries.get(k);
      if (t) slot.replace(scope(() => keep(clone(cast(t, slot.dtype)))));
    }
    return { missingKeys, unexpectedKeys };
  }

  /** Moves every parameter and buffer to `device` (async: reads cross devices). */
  async to(device: Device): Promise<this> {
    for (const slot of [...this.parameters(), ...this.buffers()]) {
      if (slot.value.backend === device || slot.value.device === device) continue;
      slot.replace(await slot.value.to(device));
    }
    return this;
  }

  /** Frees every parameter and buffer (and their gradients). */
  dispose(): void {
    for (const slot of [...this.parameters(), ...this.buffers()]) slot.dispose();
  }
}
