/**
 * Local-alignment heatmaps for the report: a few images of a report-bearing set (the
 * retrieval set), each with its own report; the encoder's `regionAttention` says how much
 * each sentence attends to each region of the last feature map, drawn per sentence over
 * the image (report/heatmap.ts). Encoders without local attention (global-only, random
 * baselines built that way) have nothing to draw: null.
 */
import type { BertTokenizer } from '@prior/datasets';
import { noGrad } from '@prior/autograd';
import { scope } from '@prior/tensor';
import { EncoderContractError } from '../../encoder.js';
import { type HeatmapRow, localAlignmentFigure, sentenceHeatmap } from '../../report/heatmap.js';
import type { RetrievalData } from '../common/data.js';
import { type MethodLike, asMethod } from '../common/method.js';
import { type ImagePreprocess, PixelCache, imageTensor } from '../common/preprocess.js';
import { disposeTextBatch, textBatch } from '../common/text.js';

export interface HeatmapOptions {
  preprocess: ImagePreprocess;
  tokenizer: BertTokenizer;
  /** Images drawn (default 3, one per class in turn). */
  images?: number;
  /** Sentences drawn per image (default 3, the report's first). */
  sentences?: number;
  maxTextLength?: number;
  cache?: PixelCache;
}

export interface HeatmapFigure {
  png: Uint8Array;
  /** Per drawn image: its path and the sentences of its tiles, in order. */
  rows: { image: string; label: string; sentences: string[] }[];
}

export async function localAlignmentHeatmaps(data: RetrievalData, methodLike: MethodLike, opts: HeatmapOptions): Promise<HeatmapFigure | null> {
  const method = asMethod(methodLike);
  const encoder = await method.create(0);
  if (!encoder.regionAttention) return null;
  const want = Math.min(opts.images ?? 3, data.images.length);
  // One image per class in turn, like the retrieval examples.
  const picked: number[] = [];
  for (let q = 0; picked.length < want && q < data.images.length * data.classNames.length; q++) {
    const i = data.images.findIndex((x, k) => x.label === q % data.classNames.length && !picked.includes(k));
    if (i >= 0) picked.push(i);
  }
  if (picked.length === 0) return null;
  const pre = opts.preprocess;
  const cache = opts.cache ?? new PixelCache();
  const pixels = await cache.loadAll(data.store, picked.map((i) => data.images[i].path), pre);
  const reports = picked.map((i) => data.candidates[i].sentences);
  encoder.train(false);
  const { attention, counts, shape } = await scope(async () => {
    const batch = textBatch(opts.tokenizer, reports, { maxLength: opts.maxTextLength });
    try {
      const att = noGrad(() => encoder.regionAttention!(encoder.encodeImages(imageTensor(pixels, pre)), encoder.encodeTexts(batch)));
      return { attention: await att.data(), counts: [...batch.sentenceCounts!], shape: att.shape };
    } finally {
      disposeTextBatch(batch);
    }
  });
  if (shape.length !== 3 || shape[0] !== picked.length) throw new EncoderContractError(encoder.name, 'regionAttention', `[${picked.length}, S, R]`, `[${shape.join(', ')}]`);
  const [, s, r] = shape;
  const rows: HeatmapRow[] = [];
  const described: HeatmapFigure['rows'] = [];
  const size = pre.size;
  picked.forEach((i, b) => {
    const grey = Float32Array.from(pixels[b].subarray(0, size * size), (v) => Math.min(1, Math.max(0, v * pre.std + pre.mean)));
    const shown = Math.min(counts[b], opts.sentences ?? 3);
    const att = attention.subarray(b * s * r, (b + 1) * s * r);
    rows.push({
      grey,
      size,
      caption: data.classNames[data.images[i].label],
      maps: Array.from({ length: shown }, (_, k) => ({ heat: sentenceHeatmap(att, counts[b], r, k), caption: `sentence ${k + 1}` })),
    });
    described.push({ image: data.images[i].path, label: data.classNames[data.images[i].label], sentences: reports[b].slice(0, shown) });
  });
  return { png: localAlignmentFigure(rows, { title: `${method.name}: sentence -> region attention` }), rows: described };
}
