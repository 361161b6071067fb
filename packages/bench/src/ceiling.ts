/**
 * The adapter's compute ceiling: a WGSL kernel that does nothing but independent
 * multiply-adds in registers (no memory traffic but one store per invocation), on raw
 * WebGPU. A few shapes of the loop are tried and the best is the ceiling.
 */
import { timeSteps } from './timing.js';

// GPUBufferUsage flags (a browser global; Node has no such global).
const COPY_DST = 8;
const UNIFORM = 64;
const STORAGE = 128;

interface Variant {
  chains: number;
  workgroup: number;
  /** `fma()` or `a * m + c` (lavapipe lowers the two differently). */
  form: 'fma' | 'muladd';
}

// A sweep of 2-16 chains × workgroups 64-256 × both forms on lavapipe put these at the top.
const VARIANTS: Variant[] = [
  { chains: 4, workgroup: 64, form: 'muladd' },
  { chains: 8, workgroup: 64, form: 'muladd' },
  { chains: 8, workgroup: 64, form: 'fma' },
  { chains: 16, workgroup: 128, form: 'muladd' },
];

function label(v: Variant): string {
  return `${v.chains}×vec4 ${v.form}, workgroup ${v.workgroup}`;
}

function wgsl(v: Variant): string {
  const ids = [...Array(v.chains).keys()];
  const step = (i: number) => (v.form === 'fma' ? `a${i} = fma(a${i}, m, c);` : `a${i} = a${i} * m + c;`);
  return `
struct P { iters: u32, mul: f32, add: f32, pad: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read_write> out: array<vec4<f32>>;
@compute @workgroup_size(${v.workgroup})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let s = f32(gid.x) * 1e-7;
  let m = vec4<f32>(p.mul);
  let c = vec4<f32>(p.add);
  ${ids.map((i) => `var a${i} = vec4<f32>(s + ${i}.0, s + ${i}.25, s + ${i}.5, s + ${i}.75);`).join('\n  ')}
  for (var i = 0u; i < p.iters; i++) {
    ${ids.map(step).join('\n    ')}
  }
  out[gid.x] = ${ids.map((i) => `a${i}`).join(' + ')};
}`;
}

/** The best of a peak kernel's variants (GFLOP/s here, GB/s for bandwidth.ts), and each variant's figure. */
export interface PeakMeasurement {
  value: number;
  variant: string;
  variants: { variant: string; value: number }[];
}

/** Runs each variant for about `targetMs` per dispatch; reps medians; returns the best. */
export async function measureCeiling(gpu: GPU, opts: { reps: number; targetMs: number }): Promise<PeakMeasurement> {
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter');
  const device = await adapter.requestDevice();
  try {
    const invocations = 1 << 16;
    const out = device.createBuffer({ size: invocations * 16, usage: STORAGE });
    const uni = device.createBuffer({ size: 16, usage: UNIFORM | COPY_DST });
    const results: { variant: string; value: number }[] = [];
    for (const v of VARIANTS) {
      const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: wgsl(v) }), entryPoint: 'main' } });
      const bind = device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: uni } },
          { binding: 1, resource: { buffer: out } },
        ],
      });
      const settle = () => device.queue.onSubmittedWorkDone();
      let iters = 16;
      const run = async () => {
        const u = new ArrayBuffer(16);
        new Uint32Array(u, 0, 1)[0] = iters;
        new Float32Array(u, 4, 2).set([0.999999, 1e-7]);
        device.queue.writeBuffer(uni, 0, u);
        const enc = device.createCommandEncoder();
        const pass = enc.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bind);
        pass.dispatchWorkgroups(invocations / v.workgroup);
        pass.end();
        device.queue.submit([enc.finish()]);
        await device.queue.onSubmittedWorkDone();
      };
      // Calibrate the loop count so one dispatch takes about targetMs.
      await run();
      for (let k = 0; k < 6; k++) {
        const t0 = performance.now();
        await run();
        const dt = performance.now() - t0;
        if (dt > opts.targetMs * 0.7) break;
        iters = Math.min(1 << 20, Math.ceil(iters * Math.min(16, (opts.targetMs / Math.max(dt, 0.05)))));
      }
      const t = await timeSteps(run, settle, { reps: opts.reps, warmup: 1, budgetMs: opts.targetMs * opts.reps * 3 });
      const flops = invocations * iters * v.chains * 4 * 2;
      results.push({ variant: label(v), value: flops / (t.median * 1e6) });
    }
    out.destroy();
    uni.destroy();
    const best = results.reduce((a, b) => (b.value > a.value ? b : a));
    return { value: best.value, variant: best.variant, variants: results };
  } finally {
    device.destroy();
  }
}
