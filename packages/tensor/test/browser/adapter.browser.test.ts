/**
 * The browser itself: headless Chromium must expose WebGPU (SwiftShader here) and run
 * a compute shader. Under CI=true a missing adapter fails instead of skipping.
 */
import { expect, inject, test } from 'vitest';
import { adapterName } from '../support/webgpu-usage.js';

const SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> v: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < arrayLength(&v)) { v[id.x] = v[id.x] * 2.0 + 1.0; }
}`;

test('navigator.gpu gives an adapter whose device runs a compute shader', async (ctx) => {
  expect(isSecureContext).toBe(true);
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) {
    const why = navigator.gpu ? 'requestAdapter() returned null' : 'navigator.gpu is missing';
    if (inject('ci')) throw new Error(`CI=true but the browser has no WebGPU adapter: ${why}`);
    ctx.skip(`no WebGPU adapter in the browser: ${why}`);
    return;
  }
  console.log(`[browser] WebGPU adapter: ${adapterName(adapter.info)}`);
  const device = await adapter.requestDevice();
  try {
    const input = new Float32Array([0, 1, 2, 3, 4]);
    const buf = device.createBuffer({ size: input.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    const out = device.createBuffer({ size: input.byteLength, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buf, 0, input);
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: SHADER }), entryPoint: 'main' } });
    const bind = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(1);
    pass.end();
    enc.copyBufferToBuffer(buf, 0, out, 0, input.byteLength);
    device.queue.submit([enc.finish()]);
    await out.mapAsync(GPUMapMode.READ);
    expect(Array.from(new Float32Array(out.getMappedRange()))).toEqual([1, 3, 5, 7, 9]);
    out.unmap();
  } finally {
    device.destroy();
  }
});
