/**
 * Which GEMM variant an adapter runs, chosen by measuring on first use.
 *
 * The best loop for a real GPU (workgroup-memory tiles) is not the best for a software
 * rasteriser (texture-read operands), so the choice is made per adapter: the first
 * GEMM on an adapter that has no recorded choice runs on a guess (texture for CPU
 * adapters, shared otherwise), and the first large one (TUNE_MIN_MACS) starts a background measurement of every
 * variant on a representative size; later GEMMs use the winner. The caller's work (and,
 * on a software adapter, other devices in the process) runs during that measurement, so
 * it replaces the guess only when another variant wins clearly (BACKGROUND_MARGIN). Choices are cached in
 * memory per adapter key (vendor/architecture/description), in localStorage where it
 * exists, and in the JSON file named by PRIOR_TUNING_FILE in Node.
 *
 * Overrides, strongest first: forceMatmulVariant(v) (tests, tools), then the
 * environment variable PRIOR_MATMUL_VARIANT=shared|texture. A forced variant runs at
 * every size, the small-matrix path included.
 */
import type { AdapterInfo, Backend } from '../../../backend.js';
import { BackendError } from '../../../errors.js';
import { envChoice } from '../env-choice.js';
import type { GPURuntime } from '../runtime.js';

export type MatmulVariant = 'shared' | 'texture';
export const MATMUL_VARIANTS: readonly MatmulVariant[] = ['shared', 'texture'];

const STORAGE_KEY = 'prior.matmul-variant';

let forced: MatmulVariant | null = null;
const chosen = new Map<string, MatmulVariant>();
const tuning = new WeakSet<GPURuntime>();
let loaded = false;

function isVariant(v: unknown): v is MatmulVariant {
  return typeof v === 'string' && (MATMUL_VARIANTS as readonly string[]).includes(v);
}

/** Pins a variant for every GEMM in this process (null restores the tuned choice). */
export function forceMatmulVariant(v: MatmulVariant | null): void {
  if (v !== null && !isVariant(v)) throw new BackendError(`forceMatmulVariant: unknown variant '${String(v)}' (one of ${MATMUL_VARIANTS.join(', ')})`);
  forced = v;
}

function env(name: string): string | undefined {
  return typeof process !== 'undefined' ? process.env?.[name] : undefined;
}

/** The variant pinned by forceMatmulVariant or PRIOR_MATMUL_VARIANT, if any. */
export function forcedMatmulVariant(): MatmulVariant | null {
  return forced ?? envChoice('PRIOR_MATMUL_VARIANT', MATMUL_VARIANTS);
}

export function adapterKey(info: AdapterInfo): string {
  return [info.vendor, info.architecture, info.description ?? info.name].map((s) => s ?? '').join('/');
}

/** Software adapters (lavapipe, SwiftShader, WARP) read textures faster than shared memory. */
function guess(info: AdapterInfo): MatmulVariant {
  const text = `${info.vendor} ${info.architecture} ${info.description} ${info.name}`.toLowerCase();
  return /llvmpipe|lavapipe|swiftshader|software|warp|cpu/.test(text) ? 'texture' : 'shared';
}

function loadStored(): void {
  if (loaded) return;
  loaded = true;
  try {
    const ls = (globalThis as { localStorage?: Storage }).localStorage;
    const raw = ls?.getItem(STORAGE_KEY);
    if (raw) for (const [k, v] of Object.entries(JSON.parse(raw) as Record<string, unknown>)) if (isVariant(v)) chosen.set(k, v);
  } catch {
    // storage unavailable or corrupt: measure again
  }
  void loadFile();
}

async function loadFile(): Promise<void> {
  const file = env('PRIOR_TUNING_FILE');
  if (!file) return;
  try {
    const fs = await import(/* @vite-ignore */ ['node', 'fs/promises'].join(':'));
    const data = JSON.parse(await fs.readFile(file, 'utf8')) as { matmul?: Record<string, unknown> };
    for (const [k, v] of Object.entries(data.matmul ?? {})) if (isVariant(v) && !chosen.has(k)) chosen.set(k, v);
  } catch {
    // no file yet
  }
}

async function save(): Promise<void> {
  const all = Object.fromEntries(chosen);
  try {
    (globalThis as { localStorage?: Storage }).localStorage?.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // not persisted; the in-memory choice still holds
  }
  const file = env('PRIOR_TUNING_FILE');
  if (!file) return;
  try {
    const fs = await import(/* @vite-ignore */ ['node', 'fs/promises'].join(':'));
    await fs.writeFile(file, JSON.stringify({ matmul: all }, null, 2));
  } catch {
    // read-only location: keep the in-memory choice
  }
}

/** GEMMs at least this large (multiply-adds) start the measurement; smaller ones only guess. */
export const TUNE_MIN_MACS = 1 << 24;

/** The tuned (or, until measured, guessed) variant for this runtime's adapter. */
export function matmulVariantFor(rt: GPURuntime, macs: number): MatmulVariant {
  loadStored();
  const info = rt.owner.info();
  const key = adapterKey(info);
  const v = chosen.get(key);
  if (v) return v;
  if (macs >= TUNE_MIN_MACS && !tuning.has(rt)) {
    tuning.add(rt);
    // After the current call returns: tuneMatmul records its own GEMMs. The caller's
    // work keeps running meanwhile and lands in some of the timed runs, so in the
    // background the guess is kept unless the other variant wins clearly.
    const g = guess(info);
    queueMicrotask(() => void tuneMatmul(rt.owner, 384, 5, { prefer: g, margin: BACKGROUND_MARGIN }).catch(() => {}));
  }
  return guess(info);
}

/** How much faster (median per-round ratio) a variant must be to displace the guess in a background measurement. */
export const BACKGROUND_MARGIN = 1.5;

export interface TuneResult {
  variant: MatmulVariant;
  /** Best milliseconds per variant at the representative size. */
  ms: Record<MatmulVariant, number>;
}

export interface TuneOptions {
  /** Recorded unless another variant is `margin` times faster in most rounds. */
  prefer?: MatmulVariant;
  margin?: number;
}

/**
 * Whether `v` beat `than` by `margin` in most rounds. Each round times the variants
 * back to back, so both see similar interference from other work (another device in
 * the same process shares a software adapter's threads); the median of the per-round
 * ratios shrugs off the rounds a long foreign dispatch landed in.
 */
function clearlyFaster(rounds: readonly Record<MatmulVariant, number>[], v: MatmulVariant, than: MatmulVariant, margin: number): boolean {
  if (v === than) return false;
  const ratios = rounds.map((r) => r[than] / r[v]).sort((a, b) => a - b);
  return ratios.length > 0 && ratios[ratios.length >> 1] >= margin;
}

/**
 * Times every variant on a representative GEMM (n×n×n, default 384) and records the
 * fastest for the backend's adapter. Waits for the backend's queued work. Variants
 * alternate within each round and the best time counts: other work on the machine
 * or the device only ever adds time, so the minimum is the least disturbed figure.
 */
export async function tuneMatmul(backend: Backend, n = 384, reps = 3, opts: TuneOptions = {}): Promise<TuneResult> {
  const info = backend.info();
  const data = new Float32Array(n * n).map((_, i) => ((i * 7919) % 997) / 997 - 0.5);
  const s = backend.upload(data, 'float32');
  const view = { storage: s, dtype: 'float32' as const, shape: [n, n], strides: [n, 1], offset: 0 };
  const ms = {} as Record<MatmulVariant, number>;
  const rounds: Record<MatmulVariant, number>[] = [];
  const before = forced;
  try {
    for (const v of MATMUL_VARIANTS) ms[v] = Infinity;
    for (let r = 0; r <= reps; r++) {
      const round = {} as Record<MatmulVariant, number>;
      for (const v of MATMUL_VARIANTS) {
        await backend.sync();
        const t0 = performance.now();
        forced = v;
        const out = backend.matmul(view, view, 'float32');
        forced = before;
        await backend.sync();
        round[v] = performance.now() - t0;
        backend.free(out);
      }
      if (r === 0) continue; // round 0 compiles the pipelines
      rounds.push(round);
      for (const v of MATMUL_VARIANTS) ms[v] = Math.min(ms[v], round[v]);
    }
  } finally {
    forced = before;
    backend.free(s);
  }
  const fastest = MATMUL_VARIANTS.reduce((best, v) => (ms[v] < ms[best] ? v : best));
  const variant = opts.prefer && !clearlyFaster(rounds, fastest, opts.prefer, opts.margin ?? 1) ? opts.prefer : fastest;
  chosen.set(adapterKey(info), variant);
  await save();
  return { variant, ms };
}

/** The recorded choice for an adapter, if any (diagnostics and benchmarks). */
export function tunedMatmulVariant(info: AdapterInfo): MatmulVariant | undefined {
  loadStored();
  return chosen.get(adapterKey(info));
}
