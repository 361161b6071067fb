/**
 * Time of one pre-training step (forward, backward, clipping, AdamW) of the tiny preset
 * for each stage's loss mix, on the cpu backend and on WebGPU when an adapter exists,
 * with a synthetic batch (so data loading is not in the figure). Medians after warm-up.
 *
 *   node scripts/run-ts.mjs scripts/bench-step.ts [--steps 5] [--batch 32] [--size 128]
 *        [--width 16] [--hidden 64] [--dim 64] [--backends cpu,webgpu] [--stages 1,2,3]
 */
import { backward } from '@prior/autograd';
import { AdamW, clipGradNorm } from '@prior/nn';
import { Generator, type Device, init, scope, setBackend, shutdown, sync } from '@prior/tensor';
import { PriorModel, resolveConfig, toPriorBatch, type HostBatch } from '../src/index.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const steps = Number(opt('steps', '5'));
const config = resolveConfig('tiny', {
  model: {
    imageEncoder: { imageSize: Number(opt('size', '0')) || undefined, width: Number(opt('width', '0')) || undefined },
    textEncoder: { hidden: Number(opt('hidden', '0')) || undefined },
    embedDim: Number(opt('dim', '0')) || undefined,
  },
  data: { batchSize: Number(opt('batch', '0')) || undefined },
});
const backends = opt('backends', 'cpu,webgpu').split(',');
const stages = opt('stages', '1,2,3').split(',').map(Number);

/** A batch of B reports of 6 sentences of 5 tokens each, and noise images. */
function syntheticBatch(): HostBatch {
  const B = config.data.batchSize;
  const S = 6, T = 5, L = S * T + 2;
  const side = config.model.imageEncoder.imageSize;
  const images = Float32Array.from({ length: B * side * side }, (_, i) => Math.sin(i * 0.37 + (i % 97)) * 0.5);
  const inputIds = new Int32Array(B * L);
  const attentionMask = new Int32Array(B * L).fill(1);
  const sentenceIndex = new Int32Array(B * L).fill(-1);
  for (let b = 0; b < B; b++) {
    inputIds[b * L] = 2;
    inputIds[b * L + L - 1] = 3;
    for (let t = 1; t < L - 1; t++) {
      inputIds[b * L + t] = 5 + ((b * 31 + t * 7) % 400);
      sentenceIndex[b * L + t] = Math.floor((t - 1) / T);
    }
  }
  return {
    imageShape: [B, 1, side, side], images, textShape: [B, L], inputIds, attentionMask, sentenceIndex,
    sentenceCounts: new Array(B).fill(S), studyIds: [], sentences: [],
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bench(device: Device): Promise<void> {
  const model = new PriorModel(config, { device, generator: new Generator(1) });
  const nParams = model.parameters().reduce((n, p) => n + p.size, 0);
  console.log(`[${typeof device === 'string' ? device : device.name}] ${(nParams / 1e6).toFixed(2)} M parameters, batch ${config.data.batchSize}, ${config.model.imageEncoder.imageSize} px`);
  const host = syntheticBatch();
  const gen = new Generator(2);
  for (const s of stages) {
    const stage = config.stages[s - 1];
    const opt = new AdamW(model.parametersForStage(stage), { lr: 1e-4 });
    const times: number[] = [];
    for (let i = 0; i < steps + 1; i++) {
      const t0 = performance.now();
      await scope(async () => {
        const batch = toPriorBatch(host, device);
        model.zeroGrad();
        const out = await model.trainStep(batch, stage, { generator: gen, stats: false });
        await out.total.data();
        backward(out.total);
        await clipGradNorm(model.parametersForStage(stage).filter((p) => p.grad), 1).data();
        opt.step();
        model.zeroGrad();
        await sync(device);
      });
      if (i > 0) times.push(performance.now() - t0); // the first step compiles pipelines
    }
    opt.dispose();
    console.log(`  stage ${s}: ${median(times).toFixed(0)} ms/step (median of ${times.length}), ${((config.data.batchSize / median(times)) * 1000).toFixed(1)} images/s`);
  }
  model.dispose();
}

for (const b of backends) {
  if (b === 'webgpu') {
    const name = await init({ backend: 'auto', log: (l) => console.log(l) });
    if (name !== 'webgpu') continue;
    await bench('webgpu');
    shutdown();
  } else {
    await setBackend('cpu');
    await bench('cpu');
  }
}

