/** A small synthetic batch for the model tests: random images, reports laid out as the tokenizer does. */
import { type Backend, Generator, type Tensor, randn, resolveDevice, tensor } from '@prior/tensor';
import { type PriorBatch, type PriorConfig, resolveConfig } from '../../src/index.js';

export const cpu: Backend = resolveDevice('cpu');

/** The tiny preset with a smaller vocabulary (faster embedding gradients); sizes otherwise as shipped. */
export function tinyConfig(overrides: Parameters<typeof resolveConfig>[1] = {}): PriorConfig {
  return resolveConfig('tiny', overrides);
}

/**
 * counts[b] sentences of 2–4 tokens each, CLS first and SEP last (sentence index −1),
 * padded to the longest report with id 0 (index −1, mask 0).
 */
export function makeBatch(config: PriorConfig, counts: number[], seed: number, device: Backend = cpu): PriorBatch {
  const g = new Generator(seed);
  let state = seed * 7919 + 1;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const rows = counts.map((n) => {
    const ids = [2];
    const sent = [-1];
    for (let s = 0; s < n; s++) {
      const len = 2 + next(3);
      for (let k = 0; k < len; k++) {
        ids.push(5 + next(config.model.textEncoder.vocabSize - 5));
        sent.push(s);
      }
    }
    ids.push(3);
    sent.push(-1);
    return { ids, sent };
  });
  const l = Math.max(...rows.map((r) => r.ids.length));
  const b = counts.length;
  const ids = new Int32Array(b * l);
  const mask = new Int32Array(b * l);
  const index = new Int32Array(b * l).fill(-1);
  rows.forEach((r, i) => {
    r.ids.forEach((id, k) => {
      ids[i * l + k] = id;
      mask[i * l + k] = 1;
      index[i * l + k] = r.sent[k];
    });
  });
  const side = config.model.imageEncoder.imageSize;
  const int = (a: Int32Array) => tensor(a, { shape: [b, l], dtype: 'int32', device });
  return {
    images: randn([b, config.model.imageEncoder.inChannels, side, side], { generator: g, device }),
    inputIds: int(ids),
    attentionMask: int(mask),
    sentenceIndex: int(index),
    sentenceCounts: [...counts],
  };
}

export const textOf = ({ images: _images, ...text }: PriorBatch) => text;

export async function absSum(t: Tensor | null): Promise<number> {
  if (!t) return 0;
  let s = 0;
  for (const v of await t.data()) s += Math.abs(v);
  return s;
}

/** A model small enough for many test runs: 64 px, D 32, 1-layer BERT of width 32, K 16, Q 4. */
export function smallConfig(ablation: Partial<PriorConfig['model']['ablation']> = {}): PriorConfig {
  return resolveConfig('tiny', {
    model: {
      imageEncoder: { depth: 10, width: 8, imageSize: 64, poolHeads: 4 },
      textEncoder: { layers: 1, hidden: 32, heads: 2, ffn: 64, vocabSize: 64, maxLen: 32, positions: 32 },
      embedDim: 32,
      prototypes: 16,
      queries: 4,
      sentencePoolHeads: 2,
      reportDecoder: { layers: 1, heads: 2, ffn: 64 },
      ablation,
    },
  });
}
