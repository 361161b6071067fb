/**
 * The detection protocol (PRIOR §5; RSNA pneumonia boxes): a one-stage anchor-free FCOS
 * head (heads/fcos-head.ts says why not YOLO-style anchors) on the encoder's feature maps,
 * frozen or fine-tuned, trained on 1%, 10% and 100% of the training images (stratified by
 * having boxes), several seeds each, early-stopped on validation mAP. The test set is
 * scored after NMS with COCO-style mAP over IoU 0.40–0.75 (metrics/detection), plus AP at
 * IoU 0.5 and 0.75.
 */
import { noGrad } from '@prior/autograd';
import { type DenseProtocolOptions, type DenseSeedContext, type DenseSeedOutcome, runDenseProtocol } from '../../heads/dense-protocol.js';
import type { FcosDecodeOptions } from '../../heads/fcos-decode.js';
import { FcosHead } from '../../heads/fcos-head.js';
import { fcosLoss } from '../../heads/fcos-loss.js';
import { type FcosLocations, type FcosTargetOptions, type FcosTargets, fcosLocations, fcosTargets } from '../../heads/fcos-targets.js';
import { type HeadTrainingOptions, trainHead } from '../../heads/train-head.js';
import { resampleMetrics } from '../../metrics/seed-bootstrap.js';
import { type ScoredBox, mapOfSample, meanAveragePrecision } from '../../metrics/detection.js';
import type { RunResult } from '../../report/results.js';
import { type MethodLike, taskGenerator } from '../common/index.js';
import type { BoxedImage, DetectionData } from './data.js';
import { detectionPicture } from './draw.js';
import { predictBoxes } from './predict.js';

export interface DetectionConfig extends DenseProtocolOptions, HeadTrainingOptions {
  /** Feature maps the head predicts on (indices, finest first; default all). */
  levels?: readonly number[];
  /** Or the maps by stride: those of the encoder's maps with these strides (ignored when `levels` is given; all maps when none matches). */
  strides?: readonly number[];
  /** Head width (default 32) and tower depth (default 1). */
  width?: number;
  towerDepth?: number;
  targets?: FcosTargetOptions;
  decode?: FcosDecodeOptions;
  /** Test images drawn for each fraction's first seed (default 4; 0 for none). */
  pictureImages?: number;
}

/** mAP is the costliest metric to resample: fewer resamples unless `bootstrap.resamples` says otherwise. */
export const DETECTION_RESAMPLES = 200;

export interface DetectionRun {
  results: RunResult[];
  pictures: { name: string; png: Uint8Array }[];
}

/** The map indices the head uses: `levels`, else the maps of the given strides, else all. */
function levelsOf(config: DetectionConfig, strides: readonly number[]): number[] | undefined {
  if (config.levels) return [...config.levels];
  const picked = strides.flatMap((s, i) => (config.strides?.includes(s) ? [i] : []));
  return picked.length ? picked : undefined;
}

async function detectOneSeed(ctx: DenseSeedContext<BoxedImage>, data: DetectionData, config: DetectionConfig): Promise<DenseSeedOutcome> {
  const { encoder, source, all, seed } = ctx;
  const head = new FcosHead({
    featureChannels: encoder.featureChannels,
    featureStrides: encoder.featureStrides,
    levels: levelsOf(config, encoder.featureStrides),
    width: config.width,
    towerDepth: config.towerDepth,
    generator: taskGenerator(seed, 'detector'),
    device: config.device,
  });
  // Targets depend only on the image and the (fixed) map sizes: computed once per image.
  let loc: FcosLocations | null = null;
  const targets = new Map<number, FcosTargets>();
  const targetOf = (i: number) => {
    let t = targets.get(i);
    if (!t) targets.set(i, (t = fcosTargets(loc!, all[i].boxes, config.targets)));
    return t;
  };
  const predict = (idx: readonly number[]) => predictBoxes(head, source, idx, config.decode);
  const cases = (idx: readonly number[], preds: ScoredBox[][]) => idx.map((i, k) => ({ predictions: preds[k], truths: all[i].boxes }));
  let best = null as { preds: ScoredBox[][]; out: DenseSeedOutcome } | null;
  try {
    const fit = await trainHead(
      head,
      source,
      ctx.trainIdx,
      (maps, idx) => {
        const out = head.forward(maps);
        loc ??= fcosLocations(out.sizes, head.strides);
        return fcosLoss(out, idx.map(targetOf)).total;
      },
      async () => meanAveragePrecision(cases(ctx.valIdx, await predict(ctx.valIdx))).map,
      async () => {
        const preds = await predict(ctx.testIdx);
        const test = cases(ctx.testIdx, preds);
        // The IoU matching is done once; each resample only re-ranks (metrics/detection).
        const ofSample = mapOfSample(test);
        const m = ofSample(test.map((_, i) => i));
        const at = (t: number) => m.perThreshold.find((p) => Math.abs(p.iou - t) < 1e-9)?.ap ?? NaN;
        const resampled = resampleMetrics(test.map((_, i) => i), (idx) => ({ map: ofSample(idx).map }), { resamples: DETECTION_RESAMPLES, ...config.bootstrap });
        best = { preds, out: { metrics: { map: m.map, ap50: at(0.5), ap75: at(0.75) }, resampled } };
      },
      seed,
      config,
    );
    if (!best) throw new Error('runDetection: training ended without a validated round');
    const b = best;
    const out: DenseSeedOutcome = { ...b.out, metrics: { ...b.out.metrics, steps: fit.steps, bestRound: fit.bestEpoch } };
    const n = Math.min(config.pictureImages ?? 4, data.test.length);
    if (ctx.picture && n > 0) {
      const order = data.test.map((_, i) => i).sort((x, y) => Number(data.test[y].boxes.length > 0) - Number(data.test[x].boxes.length > 0) || x - y).slice(0, n);
      const tiles = order.map((i) => ({ pixels: data.test[i].pixels, truths: data.test[i].boxes, predictions: b.preds[i], caption: `${data.test[i].boxes.length} true, ${b.preds[i].filter((p) => p.score >= 0.3).length} predicted` }));
      out.picture = detectionPicture(tiles, data.pre, { title: `${data.name} ${encoder.name} ${ctx.fraction * 100}% labels, seed ${seed}` });
    }
    return out;
  } finally {
    noGrad(() => head.dispose());
  }
}

export async function runDetection(data: DetectionData, method: MethodLike, config: DetectionConfig = {}): Promise<DetectionRun> {
  return runDenseProtocol(
    data,
    method,
    {
      task: 'detection',
      primaryMetric: 'map',
      positive: (m) => m.boxes.length > 0,
      config: {
        levels: config.levels ?? null,
        strides: config.strides ?? null,
        width: config.width ?? 32,
        towerDepth: config.towerDepth ?? 1,
        lr: config.lr ?? 1e-3,
        encoderLr: config.encoderLr ?? null,
        batchSize: config.batchSize ?? 8,
        stepsPerRound: config.stepsPerRound ?? 20,
        maxRounds: config.maxRounds ?? 10,
        patience: config.patience ?? 3,
        targets: config.targets ?? {},
        decode: config.decode ?? {},
      },
      notes: (enc, mode) => [
        `FCOS-style anchor-free head on the feature maps of strides ${(levelsOf(config, enc.featureStrides) ?? enc.featureStrides.map((_, i) => i)).map((l) => enc.featureStrides[l]).join(', ')}; encoder ${mode}${mode === 'fine-tune' ? ' (batch-norm statistics frozen)' : ''}; NMS at IoU ${config.decode?.nmsThreshold ?? 0.5}.`,
        'mAP: COCO-style 101-point AP averaged over IoU 0.40-0.75; ap50/ap75 at single thresholds.',
      ],
      runSeed: (ctx) => detectOneSeed(ctx, data, config),
    },
    config,
  );
}
