/**
 * The segmentation protocol (PRIOR §5; GLoRIA/MGCA's SIIM and RSNA settings): a U-Net
 * decoder on the encoder's feature maps, frozen or fine-tuned, trained with Dice + BCE on
 * 1%, 10% and 100% of the training masks (stratified by empty / non-empty), several seeds
 * each, early-stopped on the validation Dice. Test scores:
 *   dice, iou          pooled over the test set (pixel counts summed over all images),
 *                      the headline and the early-stopping criterion: predicting nothing
 *                      scores 0, whatever the share of lesion-free images;
 *   dice/image, iou/image  mean of the per-image scores, an empty truth predicted empty
 *                      scoring 1 (metrics/overlap), so on a set with many lesion-free
 *                      images a model that predicts nothing scores high here;
 *   dice/positive      per-image Dice averaged over the images with a lesion.
 */
import { noGrad } from '@prior/autograd';
import { tensor } from '@prior/tensor';
import { type DenseProtocolOptions, type DenseSeedContext, type DenseSeedOutcome, runDenseProtocol } from '../../heads/dense-protocol.js';
import { type DiceBceOptions, diceBceLoss } from '../../heads/dice-bce-loss.js';
import { type HeadTrainingOptions, trainHead } from '../../heads/train-head.js';
import { UNetDecoder } from '../../heads/unet-decoder.js';
import { resampleMetrics } from '../../metrics/seed-bootstrap.js';
import { type OverlapCounts, diceFromCounts, iouFromCounts, maskScores, overlapCounts } from '../../metrics/overlap.js';
import type { RunResult } from '../../report/results.js';
import { type MethodLike, taskGenerator } from '../common/index.js';
import type { MaskedImage, SegmentationData } from './data.js';
import { segmentationOverlay } from './overlay.js';
import { predictMasks } from './predict.js';

export interface SegmentationConfig extends DenseProtocolOptions, HeadTrainingOptions {
  /** Decoder width per feature map, finest first (default min(C_i, maxWidth)). */
  decoderWidths?: readonly number[];
  /** Cap on the default decoder widths (default 64). */
  maxWidth?: number;
  /** Cap on the skip-less ×2 blocks under the finest map (default: up to stride 1). */
  maxUpBlocks?: number;
  loss?: DiceBceOptions;
  /** Foreground probability threshold (default 0.5). */
  threshold?: number;
  /** Test images drawn in the overlay of each fraction's first seed (default 4; 0 for none). */
  overlayImages?: number;
}

export interface SegmentationRun {
  /** One result per label fraction. */
  results: RunResult[];
  /** Overlay PNGs, named e.g. `segmentation-SIIM-PRIOR-frac0.1.png`. */
  overlays: { name: string; png: Uint8Array }[];
}

const hasLesion = (m: MaskedImage) => m.mask.some((v) => v > 0);
const meanOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function segmentOneSeed(ctx: DenseSeedContext<MaskedImage>, data: SegmentationData, config: SegmentationConfig): Promise<DenseSeedOutcome> {
  const { encoder, source, all, seed } = ctx;
  const size = data.pre.size;
  const decoder = new UNetDecoder({
    featureChannels: encoder.featureChannels,
    featureStrides: encoder.featureStrides,
    widths: config.decoderWidths ?? encoder.featureChannels.map((c) => Math.min(c, config.maxWidth ?? 64)),
    maxUpBlocks: config.maxUpBlocks,
    generator: taskGenerator(seed, 'decoder'),
    device: config.device,
  });
  const masks = (indices: number[]) => {
    const flat = new Float32Array(indices.length * size * size);
    indices.forEach((idx, i) => flat.set(all[idx].mask, i * size * size));
    return tensor(flat, { shape: [indices.length, 1, size, size], dtype: 'float32', device: config.device });
  };
  const predict = (idx: readonly number[]) => predictMasks(decoder, source, idx, { threshold: config.threshold });
  const truths = ctx.testIdx.map((i) => all[i].mask);
  let best = null as { preds: Uint8Array[]; out: DenseSeedOutcome } | null;
  try {
    const fit = await trainHead(
      decoder,
      source,
      ctx.trainIdx,
      (maps, idx) => diceBceLoss(decoder.forward(maps, [size, size]), masks(idx), config.loss),
      async () => maskScores(await predict(ctx.valIdx), ctx.valIdx.map((i) => all[i].mask)).dice.global,
      async () => {
        const preds = await predict(ctx.testIdx);
        const s = maskScores(preds, truths);
        const positive = s.dice.perImage.filter((_, i) => truths[i].some((v) => v > 0));
        // Resampling images with their pixel counts: intervals of the pooled Dice and IoU.
        const counts = preds.map((p, i) => overlapCounts(p, truths[i]));
        const pooled = (cs: readonly OverlapCounts[]) => cs.reduce((a, c) => ({ intersection: a.intersection + c.intersection, predicted: a.predicted + c.predicted, actual: a.actual + c.actual }));
        const resampled = resampleMetrics(counts, (cs) => {
          const p = pooled(cs);
          return { dice: diceFromCounts(p), iou: iouFromCounts(p) };
        }, config.bootstrap);
        best = {
          preds,
          out: {
            metrics: { dice: s.dice.global, iou: s.iou.global, 'dice/image': s.dice.mean, 'iou/image': s.iou.mean, 'dice/positive': positive.length ? meanOf(positive) : NaN },
            resampled,
          },
        };
      },
      seed,
      config,
    );
    if (!best) throw new Error('runSegmentation: training ended without a validated round');
    const b = best;
    const out: DenseSeedOutcome = { ...b.out, metrics: { ...b.out.metrics, steps: fit.steps, bestRound: fit.bestEpoch } };
    const n = Math.min(config.overlayImages ?? 4, data.test.length);
    if (ctx.picture && n > 0) {
      // Lesion images first: an empty truth predicted empty makes a dull picture.
      const order = data.test.map((_, i) => i).sort((x, y) => Number(hasLesion(data.test[y])) - Number(hasLesion(data.test[x])) || x - y).slice(0, n);
      const tiles = order.map((i) => ({ pixels: data.test[i].pixels, prediction: b.preds[i], truth: truths[i], caption: `Dice ${maskScores([b.preds[i]], [truths[i]]).dice.mean.toFixed(2)}` }));
      out.picture = segmentationOverlay(tiles, data.pre, { title: `${data.name} ${encoder.name} ${ctx.fraction * 100}% labels, seed ${seed}` });
    }
    return out;
  } finally {
    noGrad(() => decoder.dispose());
  }
}

export async function runSegmentation(data: SegmentationData, method: MethodLike, config: SegmentationConfig = {}): Promise<SegmentationRun> {
  const run = await runDenseProtocol(
    data,
    method,
    {
      task: 'segmentation',
      primaryMetric: 'dice',
      positive: hasLesion,
      config: {
        decoderWidths: config.decoderWidths ?? null,
        maxWidth: config.maxWidth ?? 64,
        maxUpBlocks: config.maxUpBlocks ?? null,
        lr: config.lr ?? 1e-3,
        encoderLr: config.encoderLr ?? null,
        batchSize: config.batchSize ?? 8,
        stepsPerRound: config.stepsPerRound ?? 20,
        maxRounds: config.maxRounds ?? 10,
        patience: config.patience ?? 3,
        loss: config.loss ?? {},
        threshold: config.threshold ?? 0.5,
      },
      notes: (enc, mode) => [
        `U-Net decoder on ${enc.featureChannels.length} feature map(s) of strides ${enc.featureStrides.join(', ')}` +
          (enc.featureChannels.length === 1 ? ': a single map, so no skip connections, only upsampling' : ', with skip connections') +
          `; encoder ${mode}${mode === 'fine-tune' ? ' (batch-norm statistics frozen)' : ''}.`,
        'dice/iou: pooled over all test pixels (predicting nothing scores 0); dice/image, iou/image: per-image mean, an empty truth predicted empty scoring 1; dice/positive: per-image mean over lesion images.',
      ],
      runSeed: (ctx) => segmentOneSeed(ctx, data, config),
    },
    config,
  );
  return { results: run.results, overlays: run.pictures };
}
