/**
 * Model inputs from files and strings, prepared exactly as pre-training prepares
 * evaluation inputs: images through @prior/prior's augmentImage with training off
 * (grey, resize, normalise), reports through @prior/prior's tokenizeTexts and collateText.
 */
import { readFile } from 'node:fs/promises';
import { type BertTokenizer, decodeImage, seededRandom, toCHW } from '@prior/datasets';
import { type PriorConfig, type PriorTextBatch, augmentImage, collateText, disposePriorTextBatch, toPriorTextBatch, tokenizeTexts } from '@prior/prior';
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
  const reports = tokenizeTexts(tokenizer, texts, config.model.textEncoder.maxLen);
  reports.forEach((r, i) => {
    if (r.sentences.length === 0) throw new CliError(`${what} ${i + 1}: ${JSON.stringify(texts[i].slice(0, 40))} has no words the model's tokenizer knows`);
  });
  return toPriorTextBatch(collateText(reports, tokenizer.padId), device);
}

export const disposeText = disposePriorTextBatch;
