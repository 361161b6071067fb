import type { Backend, Storage } from './backend.js';
import type { Tensor } from './tensor.js';

/** Storage shared by a tensor and its views; freed when the last one is disposed. */
export class StorageRef {
  refs = 1;
  constructor(readonly storage: Storage) {}

  retain(): this {
    this.refs++;
    return this;
  }

  release(): void {
    if (--this.refs === 0) this.storage.backend.free(this.storage);
  }
}

const live = new Map<Backend, number>();
const scopes: Set<Tensor>[] = [];
let leakRegistry: FinalizationRegistry<string> | null = null;

/** Called by the Tensor constructor. */
export function trackTensor(t: Tensor, backend: Backend): void {
  live.set(backend, (live.get(backend) ?? 0) + 1);
  scopes[scopes.length - 1]?.add(t);
  leakRegistry?.register(t, `${t.dtype}${JSON.stringify(t.shape)} on ${backend.name}`, t);
}

/** Called once by Tensor.dispose(). */
export function untrackTensor(t: Tensor, backend: Backend): void {
  live.set(backend, (live.get(backend) ?? 1) - 1);
  for (const s of scopes) s.delete(t);
  leakRegistry?.unregister(t);
}

/**
 * Debug option: report tensors that were garbage-collected without `dispose()`
 * (their device memory leaked until then). Off by default: registration costs time.
 */
export function setDebug(opts: { leaks?: boolean; onLeak?: (description: string) => void }): void {
  if (!opts.leaks) {
    leakRegistry = null;
    return;
  }
  const report = opts.onLeak ?? ((d: string) => console.warn(`[@prior/tensor] tensor ${d} was garbage-collected without dispose()`));
  leakRegistry = new FinalizationRegistry(report);
}

/** Keeps `t` alive past the end of the enclosing scope(s). */
export function keep<T extends Tensor>(t: T): T {
  for (const s of scopes) s.delete(t);
  return t;
}

/** Collects the tensors inside a scope's result (arrays, plain objects, Maps), to spare them. */
function collect(value: unknown, out: Set<Tensor>, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (isTensor(value)) out.add(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, out, seen);
  else if (value instanceof Map) for (const v of value.values()) collect(v, out, seen);
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) collect(v, out, seen);
}

let isTensor: (v: unknown) => v is Tensor = (_v): _v is Tensor => false;
export function setTensorCheck(fn: (v: unknown) => v is Tensor): void {
  isTensor = fn;
}

function endScope(created: Set<Tensor>, result: unknown): void {
  const spared = new Set<Tensor>();
  collect(result, spared);
  const idx = scopes.lastIndexOf(created);
  scopes.splice(idx, 1);
  const parent = scopes[idx - 1];
  for (const t of created) {
    if (spared.has(t)) parent?.add(t);
    else if (!t.isDisposed) t.dispose();
  }
}

/**
 * Runs `fn` and disposes every tensor created inside it, except those it returns
 * (found inside arrays and plain objects too) and those passed to `keep()`.
 * Works for async functions: tensors created until the promise settles belong to the
 * scope, so do not interleave unrelated async tensor work with an async scope.
 */
export function scope<T>(fn: () => T): T {
  const created = new Set<Tensor>();
  scopes.push(created);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    endScope(created, undefined);
    throw e;
  }
  if (result instanceof Promise) {
    return result.then(
      (v) => {
        endScope(created, v);
        return v;
      },
      (e) => {
        endScope(created, undefined);
        throw e;
      },
    ) as T;
  }
  endScope(created, result);
  return result;
}

export interface MemoryInfo {
  /** Live (not disposed) tensors over all backends. */
  tensors: number;
  /** Bytes held by live storages over all backends. */
  bytes: number;
  backends: Record<string, { tensors: number; bytes: number }>;
}

/** Live tensors and bytes per backend, for leak tests. */
export function memory(): MemoryInfo {
  const info: MemoryInfo = { tensors: 0, bytes: 0, backends: {} };
  for (const [b, n] of live) {
    const bytes = b.bytesInUse();
    const entry = (info.backends[b.name] ??= { tensors: 0, bytes: 0 });
    entry.tensors += n;
    entry.bytes += bytes;
    info.tensors += n;
    info.bytes += bytes;
  }
  return info;
}
