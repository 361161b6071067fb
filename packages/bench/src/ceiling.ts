/**
 * The adapter's compute ceiling: a WGSL kernel that does nothing but independent
 * multiply-adds in registers (no memory traffic but one store per invocation), on raw
 * WebGPU. A few shapes of the loop are tried and the best is the ceiling.
 */
import { GPU_FLAGS, type PeakMeasurement, type PeakTiming, bestOf, calibratedMedian, onOwnDevice } from './peak.js';

const { COPY_DST, UNIFORM, STORAGE } = GPU_FLAGS;

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

/** Runs each variant for about `targetMs` per dispatch; reps medians; returns the best. */
export async function measureCeiling(gpu: GPU, opts: PeakTiming): Promise<PeakMeasurement> {
  return onOwnDevice(gpu, async (device) => {
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
      // n: loop iterations of every invocation.
      const run = async (n: number) => {
        const u = new ArrayBuffer(16);
        new Uint32Array(u, 0, 1)[0] = n;
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
      const { n, ms } = await calibratedMedian(device, run, { ...opts, start: 16, max: 1 << 20 });
      const flops = invocations * n * v.chains * 4 * 2;
      results.push({ variant: label(v), value: flops / (ms * 1e6) });
    }
    out.destroy();
    uni.destroy();
    return bestOf(results);
  });
}
