/**
 * Prints the WebGPU matmul throughput (GFLOP/s) at 512³ and 1024³: median of a few
 * timed runs after a warm-up run (which also compiles the pipeline). Not a test.
 *
 *   cd packages/tensor
 *   npx esbuild scripts/gemm-timing.ts --bundle --platform=node --format=esm \
 *     --external:webgpu --outfile=/tmp/gemm-timing.mjs --log-level=warning
 *   cp /tmp/gemm-timing.mjs ./.gemm-timing.mjs && XDG_RUNTIME_DIR=/tmp node .gemm-timing.mjs; rm .gemm-timing.mjs
 *
 * (The bundle runs from the package folder so Node resolves the `webgpu` package.)
 */
import type { View } from '../src/backend.js';
import { createWebGPUBackend } from '../src/backends/webgpu/index.js';

const REPS = 5;

const created = await createWebGPUBackend();
if (!('backend' in created)) {
  console.error(`no WebGPU adapter: ${created.reason}`);
  process.exit(1);
}
const be = created.backend;
console.log(`adapter: ${be.info().name}`);

function square(n: number, seed: number): View {
  const data = new Float32Array(n * n);
  for (let i = 0; i < data.length; i++) data[i] = (((i * 2654435761 + seed) >>> 0) % 1000) / 1000 - 0.5;
  return { storage: be.upload(data, 'float32'), dtype: 'float32', shape: [n, n], strides: [n, 1], offset: 0 };
}

for (const n of [512, 1024]) {
  const a = square(n, 1);
  const b = square(n, 2);
  const times: number[] = [];
  for (let r = 0; r <= REPS; r++) {
    const t0 = performance.now();
    const c = be.matmul(a, b, 'float32');
    await be.sync();
    const ms = performance.now() - t0;
    if (r > 0) times.push(ms); // run 0 compiles the pipeline
    be.free(c);
  }
  times.sort((x, y) => x - y);
  const med = times[Math.floor(times.length / 2)];
  console.log(`matmul ${n}³: median ${med.toFixed(1)} ms over ${REPS} runs = ${((2 * n ** 3) / (med * 1e6)).toFixed(2)} GFLOP/s`);
  be.free(a.storage);
  be.free(b.storage);
}
be.destroy();
