/**
 * A quick frozen-encoder check of what pre-training learned: encode every pair of a
 * dataset (evaluation mode, no gradients), rank all reports for each image by global
 * cosine similarity, and report how often the image's own report is first (top-1) or
 * among the first five (top-5). Chance is 1/N and 5/N.
 */
import { noGrad } from '@prior/autograd';
import { type Dataset, seededRandom } from '@prior/datasets';
import { type Backend, matmul, scope, tensor, transpose } from '@prior/tensor';
import { collatePretraining, toPriorBatch } from '../data/collate.js';
import type { PretrainingRecord } from '../data/record.js';
import type { Module } from '@prior/nn';
import type { EncodeTextOptions } from '../model/prior-model.js';
import type { PriorModelApi } from '../model/types.js';

export interface RetrievalResult {
  n: number;
  top1: number;
  top5: number;
  chanceTop1: number;
  chanceTop5: number;
}

export type EncodingModel = Module & Pick<PriorModelApi, 'encodeImage' | 'encodeReport'>;

export interface RetrievalCheckOptions extends EncodeTextOptions {
  padId: number;
  batchSize?: number;
  device: Backend;
}

/**
 * `usePrototypes` as in `encodeReport`: pass false for a model whose bank has not been
 * trained yet (before stage 2), or its random prototypes scramble the report vectors.
 */
export async function retrievalCheck(model: EncodingModel, dataset: Dataset<PretrainingRecord>, o: RetrievalCheckOptions): Promise<RetrievalResult> {
  const n = dataset.length;
  const bs = o.batchSize ?? 32;
  const wasTraining = model.training;
  model.eval();
  const img: Float32Array[] = [];
  const txt: Float32Array[] = [];
  let D = 0;
  try {
    for (let s = 0; s < n; s += bs) {
      const records = await Promise.all(Array.from({ length: Math.min(bs, n - s) }, (_, k) => dataset.get(s + k, { epoch: 0, rand: seededRandom(0, 0, s + k) })));
      const host = collatePretraining(records, o.padId);
      const [a, b] = await scope(async () => {
        const batch = toPriorBatch(host, o.device);
        const [gi, gt] = noGrad(() => [model.encodeImage(batch.images).global, model.encodeReport(batch, { usePrototypes: o.usePrototypes }).global]);
        D = gi.shape[1];
        return Promise.all([gi.data(), gt.data()]);
      });
      img.push(Float32Array.from(a));
      txt.push(Float32Array.from(b));
    }
  } finally {
    model.train(wasTraining);
  }
  const sim = await cosineMatrix(concat(img), concat(txt), n, D, o.device);
  let top1 = 0;
  let top5 = 0;
  for (let i = 0; i < n; i++) {
    const row = sim.subarray(i * n, (i + 1) * n);
    const own = row[i];
    // Other reports scoring at least as high (ties count against it, so a collapsed model scores 0).
    let higher = 0;
    for (let j = 0; j < n; j++) if (j !== i && row[j] >= own) higher++;
    if (higher < 1) top1++;
    if (higher < 5) top5++;
  }
  return { n, top1: top1 / n, top5: top5 / n, chanceTop1: 1 / n, chanceTop5: Math.min(1, 5 / n) };
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((k, p) => k + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Rows are L2-normalised already (encode* return unit vectors): the dot product is the cosine. */
async function cosineMatrix(a: Float32Array, b: Float32Array, n: number, d: number, device: Backend): Promise<Float32Array> {
  return scope(async () => {
    const ta = tensor(a, { shape: [n, d], dtype: 'float32', device });
    const tb = tensor(b, { shape: [n, d], dtype: 'float32', device });
    return Float32Array.from(await matmul(ta, transpose(tb, 0, 1)).data());
  });
}
