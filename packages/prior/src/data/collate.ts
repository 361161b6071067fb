/**
 * Collation of pre-training records into the model's PriorBatch, in two steps:
 *   collatePretraining: host arrays only — images stacked to [B, C, H, W], the reports
 *     padded by collateText (text-batch.ts) to the batch's longest (pad id, 0, −1).
 *     It runs inside the DataLoader's prefetch, which must not create tensors: a tensor
 *     made while a training step's async scope is open would be freed with that scope.
 *   toPriorBatch: the tensors, on a device, made by the training loop when it needs them.
 */
import type { BertTokenizer } from '@prior/datasets';
import { toCHW } from '@prior/datasets';
import { type Device, ShapeError, tensor } from '@prior/tensor';
import type { PriorBatch } from '../model/types.js';
import type { PretrainingRecord } from './record.js';
import { collateText } from './text-batch.js';

export interface HostBatch {
  /** [B, C, H, W] */
  imageShape: [number, number, number, number];
  images: Float32Array;
  /** [B, L] */
  textShape: [number, number];
  inputIds: Int32Array;
  attentionMask: Int32Array;
  sentenceIndex: Int32Array;
  sentenceCounts: number[];
  studyIds: string[];
  /** Each row's sentences in encoded order. */
  sentences: string[][];
}

export function collatePretraining(records: readonly PretrainingRecord[], padId: number): HostBatch {
  const B = records.length;
  if (B === 0) throw new ShapeError('collatePretraining: no records');
  const { width: W, height: H, channels: C } = records[0].image;
  const images = new Float32Array(B * C * H * W);
  records.forEach((r, b) => {
    if (r.image.width !== W || r.image.height !== H || r.image.channels !== C) {
      throw new ShapeError(`collatePretraining: study ${r.studyId} has a ${r.image.width}x${r.image.height}x${r.image.channels} image, the batch ${W}x${H}x${C}`);
    }
    toCHW(r.image, images, b * C * H * W);
  });
  const text = collateText(records, padId);
  return {
    imageShape: [B, C, H, W],
    images,
    textShape: text.shape,
    inputIds: text.inputIds,
    attentionMask: text.attentionMask,
    sentenceIndex: text.sentenceIndex,
    sentenceCounts: text.sentenceCounts,
    studyIds: records.map((r) => r.studyId),
    sentences: records.map((r) => r.sentences),
  };
}

/** A collate function bound to a tokenizer's pad id, for DataLoader. */
export function pretrainingCollate(tokenizer: Pick<BertTokenizer, 'padId'>): (records: PretrainingRecord[]) => HostBatch {
  return (records) => collatePretraining(records, tokenizer.padId);
}

/** The batch as tensors on `device` (default: the default backend); free them with disposeBatch. */
export function toPriorBatch(h: HostBatch, device?: Device): PriorBatch {
  return {
    images: tensor(h.images, { shape: h.imageShape, dtype: 'float32', device }),
    inputIds: tensor(h.inputIds, { shape: h.textShape, dtype: 'int32', device }),
    attentionMask: tensor(h.attentionMask, { shape: h.textShape, dtype: 'int32', device }),
    sentenceIndex: tensor(h.sentenceIndex, { shape: h.textShape, dtype: 'int32', device }),
    sentenceCounts: [...h.sentenceCounts],
  };
}

/** Frees a batch's tensors. */
export function disposeBatch(batch: PriorBatch): void {
  for (const t of [batch.images, batch.inputIds, batch.attentionMask, batch.sentenceIndex]) t.dispose();
}
