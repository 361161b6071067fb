/**
 * The adapter's storage-bandwidth ceiling: WGSL kernels that only copy one storage
 * buffer into another (vec4 loads and stores, no arithmetic), on raw WebGPU. The best
 * of a few shapes is the ceiling the GB/s rows are a percentage of, as the FMA-only
 * kernel is for the GFLOP/s rows: an elementwise op reading two arrays and writing one
 * cannot beat the rate at which the adapter moves storage data at all. On lavapipe
 * every storage access is done lane by lane, so this sits far below memcpy.
 *
 * The copied arrays are as large as the largest array of the run's GB/s rows, so the
 * ceiling is measured on the footprint the rows have (a smaller copy may sit in the
 * CPU's caches where the rows cannot).
 */
import { GPU_FLAGS, type PeakMeasurement, type PeakTiming, bestOf, calibratedMedian, onOwnDevice } from './peak.js';

const { COPY_DST, STORAGE, COMPUTE } = GPU_FLAGS;

interface Variant {
  /** vec4s copied per invocation (consecutive). */
  perInvocation: number;
  workgroup: number;
}

const VARIANTS: Variant[] = [
  { perInvocation: 1, workgroup: 128 },
  { perInvocation: 4, workgroup: 64 },
  { perInvocation: 4, workgroup: 256 },
];

/** Bytes per array when the run has no GB/s rows to size it by: 8 MiB. */
export const DEFAULT_COPY_BYTES = 8 << 20;

function wgsl(v: Variant): string {
  return `
@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;
@compute @workgroup_size(${v.workgroup})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let base = gid.x * ${v.perInvocation}u;
  for (var j = 0u; j < ${v.perInvocation}u; j++) {
    dst[base + j] = src[base + j];
  }
}`;
}

const label = (v: Variant, bytes: number) => `copy ${v.perInvocation}×vec4 per invocation, workgroup ${v.workgroup}, ${(bytes / 2 ** 20).toFixed(1)} MiB arrays`;

/**
 * Runs each variant for about `targetMs` per submit; reps medians; returns the best (GB/s
 * read + written). `arrayBytes` (default DEFAULT_COPY_BYTES) sizes each of the two arrays,
 * rounded up to whole workgroups of every variant.
 */
export async function measureBandwidth(gpu: GPU, opts: PeakTiming & { arrayBytes?: number }): Promise<PeakMeasurement> {
  const block = Math.max(...VARIANTS.map((v) => v.perInvocation * v.workgroup));
  const vec4s = Math.ceil((opts.arrayBytes ?? DEFAULT_COPY_BYTES) / 16 / block) * block;
  return onOwnDevice(gpu, async (device) => {
    const [src, dst] = [0, 1].map(() => device.createBuffer({ size: vec4s * 16, usage: STORAGE | COPY_DST }));
    const layout = device.createBindGroupLayout({
      entries: [
        { binding: 0, visibility: COMPUTE, buffer: { type: 'read-only-storage' } },
        { binding: 1, visibility: COMPUTE, buffer: { type: 'storage' } },
      ],
    });
    const bind = device.createBindGroup({ layout, entries: [src, dst].map((buffer, binding) => ({ binding, resource: { buffer } })) });
    const results: { variant: string; value: number }[] = [];
    for (const v of VARIANTS) {
      const pipeline = device.createComputePipeline({
        layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module: device.createShaderModule({ code: wgsl(v) }), entryPoint: 'main' },
      });
      // n: whole-buffer copies per submit.
      const run = async (n: number) => {
        const enc = device.createCommandEncoder();
        const pass = enc.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bind);
        for (let i = 0; i < n; i++) pass.dispatchWorkgroups(vec4s / v.perInvocation / v.workgroup);
        pass.end();
        device.queue.submit([enc.finish()]);
        await device.queue.onSubmittedWorkDone();
      };
      const { n, ms } = await calibratedMedian(device, run, { ...opts, start: 1, max: 256 });
      results.push({ variant: label(v, vec4s * 16), value: (n * vec4s * 16 * 2) / (ms * 1e6) });
    }
    src.destroy();
    dst.destroy();
    return bestOf(results);
  });
}
