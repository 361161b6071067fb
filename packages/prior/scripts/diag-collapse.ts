/**
 * Short stage-1 run that tracks L_glob and the mean pairwise cosine of global image and
 * report vectors (different pairs) on a fixed batch, to catch a collapsing global space.
 *
 *   node scripts/run-ts.mjs scripts/diag-collapse.ts [--steps 40] [--lr 2e-3] [--warmup 10]
 *        [--wd 1e-4] [--temp 0.07] [--norm batchnorm|none] [--flip 0.5] [--width 8] [--w-glob 1] [--w-locImg 1] [--w-locTxt 1] [--n 320] [--data /tmp/prior-synthcxr-64px-2000] [--every 10] [--eval] [--retrieval] [--retrieval-every N]
 */
import * as A from '@prior/autograd';
import { backward, noGrad } from '@prior/autograd';
import { seededRandom } from '@prior/datasets';
import { clipGradNorm } from '@prior/nn';
import { Generator, scope, setBackend } from '@prior/tensor';
import { PriorModel, collatePretraining, createStageOptimizer, openPretrainingData, planStages, resolveConfig, retrievalCheck, toPriorBatch } from '../src/index.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const steps = Number(opt('steps', '40'));
const n = Number(opt('n', '320'));
const every = Number(opt('every', '10'));
const dataDir = opt('data', '/tmp/prior-synthcxr-64px-2000');
const base = resolveConfig('tiny');
const peak = Number(opt('lr', String(base.stages[0].peakLr)));
const config = resolveConfig(base, {
  model: {
    globalTemperature: Number(opt('temp', String(base.model.globalTemperature))),
    globalNorm: opt('norm', base.model.globalNorm) as 'none' | 'batchnorm',
    imageEncoder: { width: Number(opt('width', String(base.model.imageEncoder.width))) },
  },
  data: { augmentation: { horizontalFlipP: Number(opt('flip', String(base.data.augmentation.horizontalFlipP))) } },
  stages: { 0: { steps, peakLr: peak, warmupStartLr: peak / 100, warmup: Number(opt('warmup', String(base.stages[0].warmup))), weightDecay: Number(opt('wd', String(base.stages[0].weightDecay))),
    lossWeights: { glob: Number(opt('w-glob', '1')), locImg: Number(opt('w-locImg', '1')), locTxt: Number(opt('w-locTxt', '1')) } } },
});
const device = (await setBackend('cpu')).name;
const train = await openPretrainingData(dataDir, { config });
const B = config.data.batchSize;
const get = (i: number, epoch: number) => train.dataset.get(i, { epoch, rand: seededRandom(0, epoch, i) });
const model = new PriorModel(config, { device, generator: new Generator(config.run.seed) });
const stage = config.stages[0];
// --center: subtract the batch mean from both global vectors inside trainStep only (an experiment, not the method).
let centering = false;
if (args.includes('--center')) {
  const c = (f: (...a: any[]) => any) => (...a: any[]) => { const y = f(...a); return centering ? A.sub(y, A.mean(y, 0, { keepdim: true })) : y; };
  const ip = model.imageEncoder.attnPool, sp = model.sentencePool;
  ip.forward = c(ip.forward.bind(ip));
  sp.forward = c(sp.forward.bind(sp));
}
const plan = planStages([stage], Math.floor(n / B))[0];
const opt2 = createStageOptimizer(model.parametersForStage(stage), plan);
const gen = new Generator(7);
// A fixed probe batch of 16 pairs outside the training subset.
const probe = collatePretraining(await Promise.all(Array.from({ length: B }, (_, k) => get(n + k, 0))), train.tokenizer.padId);

async function measure(): Promise<string> {
  if (args.includes('--eval')) model.eval();
  const r = await scope(async () => {
    const batch = toPriorBatch(probe, device);
    const [gi, gt] = noGrad(() => [model.imageEncoder.forward(batch.images).global, model.sentencePool.forward(model.textEncoder.forward(batch).sentences, batch.sentenceCounts)]);
    return Promise.all([gi.data(), gt.data()]);
  });
  model.train();
  const cos = (x: ArrayLike<number>) => {
    const d = x.length / B;
    const v = Array.from({ length: B }, (_, i) => Array.from(x).slice(i * d, (i + 1) * d));
    const nv = v.map((a) => Math.hypot(...a));
    let s = 0;
    for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) if (i !== j) s += v[i].reduce((t, a, k) => t + a * v[j][k], 0) / (nv[i] * nv[j]);
    return { cos: s / (B * (B - 1)), norm: nv.reduce((a, b) => a + b, 0) / B };
  };
  const a = cos(r[0] as Float32Array);
  const b = cos(r[1] as Float32Array);
  return `cos img ${a.cos.toFixed(3)} txt ${b.cos.toFixed(3)} |img| ${a.norm.toPrecision(3)} |txt| ${b.norm.toPrecision(3)}`;
}

console.log(`lr ${peak}, warmup ${stage.warmup}, wd ${stage.weightDecay}, steps ${steps}, pairs ${n}`);
console.log(`init: ${await measure()}`);
const held = args.includes('--retrieval') ? await openPretrainingData(dataDir, { config, splits: ['validate', 'test'], train: false, tokenizer: train.tokenizer }) : null;
const retrievalEvery = Number(opt('retrieval-every', String(steps)));
async function retrieval(step: number): Promise<void> {
  if (!held) return;
  const r = await retrievalCheck(model, held.dataset, { padId: train.tokenizer.padId, device, usePrototypes: false });
  console.log(`step ${step} held-out retrieval: top-1 ${(r.top1 * 100).toFixed(1)}% top-5 ${(r.top5 * 100).toFixed(1)}% (chance ${(r.chanceTop1 * 100).toFixed(1)}% / ${(r.chanceTop5 * 100).toFixed(1)}%, n ${r.n})`);
}
const order = Array.from({ length: n }, (_, i) => i);
const rnd = seededRandom(1, 0, 0);
for (let step = 1; step <= steps; step++) {
  const epoch = Math.floor(((step - 1) * B) / n);
  if (((step - 1) * B) % n === 0) for (let i = n - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  const start = ((step - 1) * B) % n;
  const host = collatePretraining(await Promise.all(order.slice(start, start + B).map((i) => get(i, epoch))), train.tokenizer.padId);
  const terms = await scope(async () => {
    const batch = toPriorBatch(host, device);
    model.zeroGrad();
    centering = true;
    const out = await model.trainStep(batch, stage, { generator: gen, stats: false });
    centering = false;
    const t = Object.fromEntries(await Promise.all(Object.entries(out.terms).map(async ([k, v]) => [k, (await v!.data())[0]])));
    backward(out.total);
    const gn = (await clipGradNorm(opt2.params.filter((p) => p.grad !== null), stage.gradClip).data())[0];
    opt2.optimizer.step();
    opt2.scheduler.iterationEnd();
    model.zeroGrad();
    return { ...t, gn };
  });
  const ls = (await model.logitScale.value.data())[0];
  if (step % every === 0 || step <= 3) {
    if (step % retrievalEvery === 0) await retrieval(step);
    console.log(`step ${step}: ${Object.entries(terms).map(([k, v]) => `${k} ${(v as number).toFixed(3)}`).join(' ')} 1/τ ${Math.exp(ls).toFixed(1)} | ${await measure()}`);
  }
}

