/**
 * What the two peak kernels (ceiling.ts: FMA-only, bandwidth.ts: copy-only) share: a
 * device of their own, a run whose amount of work is scaled until one run takes about
 * `targetMs`, its median, and the best of their variants.
 */
import { timeSteps } from './timing.js';

/** GPUBufferUsage and GPUShaderStage flags (browser globals; Node has no such globals). */
export const GPU_FLAGS = { COPY_DST: 8, UNIFORM: 64, STORAGE: 128, COMPUTE: 4 } as const;

/** The best of a peak kernel's variants (GFLOP/s or GB/s), and each variant's figure. */
export interface PeakMeasurement {
  value: number;
  variant: string;
  variants: { variant: string; value: number }[];
}

export interface PeakTiming {
  reps: number;
  targetMs: number;
}

/** Runs `fn` on a fresh device of the first adapter, destroyed afterwards. */
export async function onOwnDevice<T>(gpu: GPU, fn: (device: GPUDevice) => Promise<T>): Promise<T> {
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter');
  const device = await adapter.requestDevice();
  try {
    return await fn(device);
  } finally {
    device.destroy();
  }
}

/**
 * Grows `n` (the work of one `run(n)`, from `start`, at most `max`) until a run takes
 * about targetMs, then returns `n` and the median run time over `reps`.
 */
export async function calibratedMedian(device: GPUDevice, run: (n: number) => Promise<void>, o: PeakTiming & { start: number; max: number }): Promise<{ n: number; ms: number }> {
  let n = o.start;
  await run(n); // compiles the pipeline
  for (let k = 0; k < 6 && n < o.max; k++) {
    const t0 = performance.now();
    await run(n);
    const dt = performance.now() - t0;
    if (dt > o.targetMs * 0.7) break;
    n = Math.min(o.max, Math.ceil(n * Math.min(16, o.targetMs / Math.max(dt, 0.05))));
  }
  const t = await timeSteps(() => run(n), () => device.queue.onSubmittedWorkDone(), { reps: o.reps, warmup: 1, budgetMs: o.targetMs * o.reps * 3 });
  return { n, ms: t.median };
}

export function bestOf(variants: { variant: string; value: number }[]): PeakMeasurement {
  const best = variants.reduce((a, b) => (b.value > a.value ? b : a));
  return { value: best.value, variant: best.variant, variants };
}
