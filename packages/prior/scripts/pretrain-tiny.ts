/**
 * End-to-end check of PRIOR pre-training at the tiny preset: generates SynthCXR in the
 * MIMIC-CXR layout (once; reused afterwards), pre-trains through all three stages, prints
 * the loss curves and prototype usage from metrics.jsonl, and measures frozen-encoder
 * image→report retrieval on held-out pairs (validate + test splits) before and after,
 * for the full model and for the global-only ablation (a CLIP/ConVIRT-style baseline).
 *
 *   node scripts/run-ts.mjs scripts/pretrain-tiny.ts [--backend auto|cpu|webgpu]
 *        [--subjects 2000] [--data /tmp/prior-synthcxr] [--runs /tmp/prior-pretrain-tiny]
 *        [--variants full,global] [--steps-scale 1] [--resume]
 *
 * Ctrl-C writes a checkpoint and stops; --resume continues from it.
 */
import { Generator, type Backend, init, resolveDevice, setBackend } from '@prior/tensor';
import {
  type DeepPartial, MetricsLog, PriorModel, type PriorConfig, ensureSynthCxr, openPretrainingData, pretrain, resolveConfig, retrievalCheck,
} from '../src/index.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const backendName = opt('backend', 'auto') as 'auto' | 'cpu' | 'webgpu';
const subjects = Number(opt('subjects', '2000'));
const runsDir = opt('runs', '/tmp/prior-pretrain-tiny');
const variants = opt('variants', 'full,global').split(',');
const stepsScale = Number(opt('steps-scale', '1'));
const resume = args.includes('--resume');

const GLOBAL_ONLY: DeepPartial<PriorConfig> = {
  model: { ablation: { localAlignment: false, prototypes: false, imageReconstruction: false, reportReconstruction: false } },
};

function configFor(variant: string): PriorConfig {
  const base = resolveConfig('tiny', variant === 'global' ? GLOBAL_ONLY : {});
  if (stepsScale === 1) return base;
  return resolveConfig(base, { stages: base.stages.map((s) => ({ ...s, steps: Math.max(1, Math.round(s.steps! * stepsScale)), warmup: Math.max(1, Math.round(s.warmup * stepsScale)) })) });
}

const name = backendName === 'auto' ? await init({ log: (l) => console.log(l) }) : (await setBackend(backendName)).name;
const device: Backend = resolveDevice(name);
console.log(`backend: ${name} (${device.info().name ?? ''})`);

const tiny = configFor('full');
const size = tiny.model.imageEncoder.imageSize;
const dataDir = opt('data', `/tmp/prior-synthcxr-${size}px-${subjects}`);
let t = performance.now();
const synth = await ensureSynthCxr(dataDir, { subjects, size, seed: 1 });
console.log(`SynthCXR at ${dataDir}: ${synth.generated ? `generated ${synth.studies!.length} studies in ${((performance.now() - t) / 1000).toFixed(0)} s` : 'reused'}`);
t = performance.now();
const train = await openPretrainingData(dataDir, { config: tiny });
const held = await openPretrainingData(dataDir, { config: tiny, splits: ['validate', 'test'], train: false, tokenizer: train.tokenizer });
console.log(`pairs: ${train.dataset.length} train, ${held.dataset.length} held out (${train.tooShort} train studies too short); vocabulary ${train.tokenizer.idToToken.length} tokens (${((performance.now() - t) / 1000).toFixed(1)} s)`);

const stop = new AbortController();
process.on('SIGINT', () => {
  console.log('\nstopping after this step (checkpoint follows)…');
  stop.abort();
});

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));

for (const variant of variants) {
  const config = configFor(variant);
  const runDir = `${runsDir}/${variant}`;
  if (!resume) {
    const { rm } = await import('node:fs/promises');
    await rm(runDir, { recursive: true, force: true });
  }
  const modelGen = new Generator(config.run.seed);
  const model = new PriorModel(config, { device, generator: modelGen });
  const nParams = model.parameters().reduce((n, p) => n + p.size, 0);
  console.log(`\n=== ${variant}: ${(nParams / 1e6).toFixed(2)} M parameters, stages ${config.stages.map((s) => `${s.name} ${s.steps} steps`).join(', ')}, batch ${config.data.batchSize}`);
  const before = await retrievalCheck(model, held.dataset, { padId: train.tokenizer.padId, device, usePrototypes: false });
  console.log(`held-out retrieval before training: top-1 ${(before.top1 * 100).toFixed(1)}%, top-5 ${(before.top5 * 100).toFixed(1)}% (chance ${(before.chanceTop1 * 100).toFixed(1)}% / ${(before.chanceTop5 * 100).toFixed(1)}%, n = ${before.n})`);
  const t0 = performance.now();
  let lastPrint = 0;
  const result = await pretrain({
    model, config, dataset: train.dataset, padId: train.tokenizer.padId, runDir, resume, signal: stop.signal,
    generators: { model: modelGen },
    onProgress: (p) => {
      if (p.step === p.totalSteps || p.stageStep === 1 || performance.now() - lastPrint > 15_000) {
        lastPrint = performance.now();
        console.log(`  step ${p.step}/${p.totalSteps} [${p.stageName} ${p.stageStep}/${p.stageSteps}] loss ${fmt(p.loss)}, ${p.imagesPerSec.toFixed(1)} img/s, ETA ${(p.etaSeconds / 60).toFixed(1)} min`);
      }
    },
  });
  const minutes = (performance.now() - t0) / 60_000;
  console.log(`${result.status} at step ${result.step} in ${minutes.toFixed(1)} min; checkpoint ${result.checkpoint}`);
  printCurves(await MetricsLog.read(`${runDir}/metrics.jsonl`));
  if (result.status !== 'completed') break;
  const after = await retrievalCheck(model, held.dataset, { padId: train.tokenizer.padId, device });
  console.log(`held-out retrieval after training (${variant}): top-1 ${(after.top1 * 100).toFixed(1)}%, top-5 ${(after.top5 * 100).toFixed(1)}% (chance ${(after.chanceTop1 * 100).toFixed(1)}% / ${(after.chanceTop5 * 100).toFixed(1)}%, n = ${after.n})`);
  model.dispose();
}

/** Per stage: loss and each term at a few evenly spaced steps (means over windows), prototype usage, step time. */
function printCurves(lines: Awaited<ReturnType<typeof MetricsLog.read>>): void {
  const stages = [...new Set(lines.map((l) => l.stage))];
  for (const s of stages) {
    const ls = lines.filter((l) => l.stage === s);
    const points = 6;
    const win = Math.max(1, Math.floor(ls.length / points));
    const terms = Object.keys(ls[0].terms);
    console.log(`  ${ls[0].stageName} (steps ${ls[0].step}–${ls[ls.length - 1].step}), mean over windows of ${win} steps:`);
    console.log(`    ${'step'.padStart(6)} ${'loss'.padStart(8)} ${terms.map((k) => k.padStart(8)).join(' ')} ${'lr'.padStart(9)} ${'1/τ'.padStart(7)} ${'protos'.padStart(7)} ${'ppl'.padStart(6)} ${'img/s'.padStart(6)}`);
    for (let i = 0; i + win <= ls.length; i += win) {
      const w = ls.slice(i, i + win);
      const m = (f: (l: (typeof ls)[number]) => number | undefined) => {
        const v = w.map(f).filter((x): x is number => x !== undefined);
        return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
      };
      const temp = m((l) => Object.entries(l.temperatures).find(([k]) => !k.includes('lam'))?.[1]);
      console.log(
        `    ${String(w[w.length - 1].step).padStart(6)} ${fmt(m((l) => l.loss)).padStart(8)} ${terms.map((k) => fmt(m((l) => l.terms[k])).padStart(8)).join(' ')} ` +
          `${m((l) => l.lr).toExponential(1).padStart(9)} ${fmt(temp).padStart(7)} ${fmt(m((l) => l.protoUsage)).padStart(7)} ${fmt(m((l) => l.protoPerplexity)).padStart(6)} ${m((l) => l.imagesPerSec).toFixed(1).padStart(6)}`,
      );
    }
  }
}
