/**
 * Model inputs from files and strings, prepared exactly as pre-training prepares
 * evaluation inputs: images through @prior/prior's augmentImage with training off
 * (grey, resize, normalise), reports through tokenizeReport after sentence splitting.
 */
import { readFile } from 'node:fs/promises';
import { type BertTokenizer, decodeImage, seededRandom, splitSentences, toCHW } from '@prior/datasets';
import { type PriorConfig, type PriorTextBatch, augmentImage, tokenizeReport } from '@prior/prior';
import { type BackendName, type Tensor, tensor } from '@prior/tensor';
import { CliError } from '../framework/errors.js';

/** [B, C, S, S] float32 images, prepared as the model saw them in evaluation. */
export async function imageBatch(paths: readonly string[], config: PriorConfig, device: BackendName): Promise<Tensor> {
  const enc = config.model.imageEncoder;
  const S = enc.imageSize;
  const C = enc.inChannels;
  const data = new Float32Array(paths.length * C * S * S);
  for (const [b, path] of paths.entries()) {
    const img = decodeImage(await readFile(path), { name: path });
    const x = augmentImage(img, seededRandom(0), { size: S, channels: C, augmentation: config.data.augmentation, train: false });
    toCHW(x, data, b * C * S * S);
  }
  return tensor(data, { shape: [paths.length, C, S, S], dtype: 'float32', device });
}

/** Reports (or prompts) as a padded text batch; each text is split into sentences. */
export function textBatch(texts: readonly string[], tokenizer: BertTokenizer, config: PriorConfig, device: BackendName, what = 'text'): PriorTextBatch {
  const reports = texts.map((t, i) => {
    const sentences = splitSentences(t);
    const r = tokenizeReport(tokenizer, sentences.length ? sentences : [t], config.model.textEncoder.maxLen);
    if (r.sentences.length === 0) throw new CliError(`${what} ${i + 1}: ${JSON.stringify(t.slice(0, 40))} has no words the model's tokenizer knows`);
    return r;
  });
  const B = reports.length;
  const L = Math.max(...reports.map((r) => r.ids.length));
  const ids = new Int32Array(B * L).fill(tokenizer.padId);
  const mask = new Int32Array(B * L);
  const sentenceIndex = new Int32Array(B * L).fill(-1);
  reports.forEach((r, b) => {
    ids.set(r.ids, b * L);
    mask.fill(1, b * L, b * L + r.ids.length);
    sentenceIndex.set(r.sentenceIndex, b * L);
  });
  const t = (a: Int32Array) => tensor(a, { shape: [B, L], dtype: 'int32', device });
  return { inputIds: t(ids), attentionMask: t(mask), sentenceIndex: t(sentenceIndex), sentenceCounts: reports.map((r) => r.sentences.length) };
}

export const disposeText = (b: PriorTextBatch): void => {
  for (const x of [b.inputIds, b.attentionMask, b.sentenceIndex]) x.dispose();
};
