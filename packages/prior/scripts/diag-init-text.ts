/** Init-only probe: where the report vectors' input dependence is lost (mean pairwise cosine over different reports). */
import { noGrad } from '@prior/autograd';
import * as A from '@prior/autograd';
import { seededRandom } from '@prior/datasets';
import { Generator, setBackend } from '@prior/tensor';
import { PriorModel, collatePretraining, openPretrainingData, resolveConfig, sentenceMeans, toPriorBatch } from '../src/index.js';

const config = resolveConfig('tiny');
const device = (await setBackend('cpu')).name;
const train = await openPretrainingData('/tmp/prior-synthcxr-64px-2000', { config });
const B = 16;
const host = collatePretraining(await Promise.all(Array.from({ length: B }, (_, k) => train.dataset.get(400 + k, { epoch: 0, rand: seededRandom(0, 0, 400 + k) }))), train.tokenizer.padId);
const model = new PriorModel(config, { device, generator: new Generator(0) });
model.eval();
const batch = toPriorBatch(host, device);
async function cos(t: any, label: string) {
  const x = await t.data();
  const d = x.length / B;
  const v = Array.from({ length: B }, (_, i) => Array.from(x as Float32Array).slice(i * d, (i + 1) * d));
  const nv = v.map((a) => Math.hypot(...a));
  let s = 0;
  for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) if (i !== j) s += v[i].reduce((a, b, k) => a + b * v[j][k], 0) / (nv[i] * nv[j]);
  console.log(`${label}: mean cos ${(s / (B * (B - 1))).toFixed(3)}`);
}
noGrad(() => {});
const counts = batch.sentenceCounts;
const h = noGrad(() => model.textEncoder.bert.forward(batch.inputIds, { attentionMask: batch.attentionMask }).lastHiddenState);
const mask = A.unsqueeze(A.cast(batch.attentionMask, 'float32'), 2);
await cos(noGrad(() => A.div(A.sum(A.mul(h, mask), 1), A.sum(mask, 1))), 'BERT hidden, masked token mean');
const tok = noGrad(() => model.textEncoder.tokenProj.forward(h));
const sent = noGrad(() => sentenceMeans(tok, batch.sentenceIndex, Math.max(...counts)));
await cos(noGrad(() => A.narrow(sent, 1, 0, 1)), 'first sentence vector');
await cos(noGrad(() => A.sum(sent, 1)), 'sum of sentence vectors');
await cos(noGrad(() => model.sentencePool.forward(sent, counts)), 'report vector (pool)');
const hb = noGrad(() => A.sub(h, A.mean(A.mean(h, 1, { keepdim: true }), 0, { keepdim: true })));
const sentC = noGrad(() => sentenceMeans(model.textEncoder.tokenProj.forward(hb), batch.sentenceIndex, Math.max(...counts)));
await cos(noGrad(() => model.sentencePool.forward(sentC, counts)), 'report vector with batch-centred hidden states');
console.log('sentence counts', counts.join(','));
const img = noGrad(() => model.imageEncoder.forward(batch.images));
await cos(img.global, 'image global');
await cos(noGrad(() => A.mean(A.flatten(img.featureMap, 2), 2)), 'image feature-map mean');
