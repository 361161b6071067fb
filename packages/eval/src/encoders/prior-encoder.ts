/**
 * `Encoder` adapter for a PriorModel (trained, loaded or randomly initialised), so PRIOR,
 * its ablations and the random-init baseline run through the same tasks.
 *
 * Images: the model's ResNet is run stage by stage here (its stem, then each `layerN`) so
 * the adapter can return the stage maps (strides 4, 8, 16, 32; at a smaller output stride
 * the deepest map of each stride) for the U-Net decoder and the detector;
 * PriorModel.encodeImage only exposes the final map. Regions and the
 * global vector are then made from the final map with the model's own region projection
 * and attention pooling, exactly as ImageEncoder.forward does (global L2-normalised as
 * in encodeImage).
 * Texts: encodeReport (sentence vectors through the prototype bank when the model has
 * one); locals are the sentence vectors with their mask. Needs `sentenceIndex` and
 * `sentenceCounts` in the TextBatch (the tasks' `textBatch` provides both).
 * localAttention: LAM's sentence→region sigmoid attention for every image × text pair,
 * averaged over the text's real sentences and all regions; regionAttention: the same
 * attention per sentence and region for paired images and texts (the heatmaps). Both are
 * absent when the model was built without LAM (the global-only ablation).
 */
import * as A from '@prior/autograd';
import type { Parameter } from '@prior/nn';
import { type PriorModel, type PriorTextBatch, mapToTokens, resnetLayout, stageOutputStrides } from '@prior/prior';
import type { Tensor } from '@prior/tensor';
import { type Encoder, EncoderContractError, type ImageEncoding, type TextBatch, type TextEncoding } from '../encoder.js';

export interface PriorEncoderOptions {
  /** Row label in the tables; default `PRIOR`. */
  name?: string;
}

function toPriorText(name: string, t: TextBatch): PriorTextBatch {
  if (!t.sentenceIndex || !t.sentenceCounts) {
    throw new EncoderContractError(name, 'encodeTexts input', 'a TextBatch with sentenceIndex and sentenceCounts (use textBatch)', 'a batch without them');
  }
  return { inputIds: t.ids, attentionMask: t.attentionMask, sentenceIndex: t.sentenceIndex, sentenceCounts: [...t.sentenceCounts] };
}

export function priorEncoder(model: PriorModel, opts: PriorEncoderOptions = {}): Encoder {
  const name = opts.name ?? 'PRIOR';
  const cfg = model.config.model;
  const enc = model.imageEncoder;
  const expansion = resnetLayout(cfg.imageEncoder.depth).block === 'bottleneck' ? 4 : 1;
  const w = cfg.imageEncoder.width;
  // With an output stride under 32 the last stages share a resolution: the dense heads get
  // the deepest map of each stride, so their strides still increase from the finest map.
  const strides = stageOutputStrides(cfg.imageEncoder);
  const stages = strides.flatMap((s, i) => (strides[i + 1] === s ? [] : [i]));
  const featureChannels = stages.map((i) => w * 2 ** i * expansion);
  const featureStrides = stages.map((i) => strides[i]);
  const hasLam = model.lam !== null;

  const encoder: Encoder = {
    name,
    embedDim: cfg.embedDim,
    featureChannels,
    featureStrides,
    encodeImages(images: Tensor): ImageEncoding {
      const net = enc.backbone;
      let h = A.relu(net.bn1.forward(net.conv1.forward(images)));
      if (net.maxpool) h = net.maxpool.forward(h);
      const featureMaps: Tensor[] = [];
      net.stages.forEach((stage, i) => {
        h = stage.forward(h);
        if (stages.includes(i)) featureMaps.push(h);
      });
      return {
        global: A.l2Normalize(enc.globalVector(h), -1),
        regions: enc.regionProj.forward(mapToTokens(h)),
        featureMaps,
      };
    },
    encodeTexts(texts: TextBatch): TextEncoding {
      const batch = toPriorText(name, texts);
      const r = model.encodeReport(batch);
      countsOf.set(r.sentences, batch.sentenceCounts);
      return { global: r.global, locals: r.sentences, localMask: r.sentenceMask };
    },
    similarity(images: ImageEncoding, texts: TextEncoding): Tensor {
      return model.similarity(images.global, texts.global);
    },
    imageParameters(): Parameter[] {
      return enc.parameters();
    },
    train(mode: boolean): void {
      model.train(mode);
    },
  };
  if (hasLam) {
    encoder.localAttention = (images, texts) => meanLocalAttention(model, images, texts);
    encoder.regionAttention = (images, texts) => {
      if (!texts.locals) throw new EncoderContractError(name, 'regionAttention input', 'a text encoding with locals', 'none');
      if (images.regions.shape[0] !== texts.locals.shape[0]) {
        throw new EncoderContractError(name, 'regionAttention input', `as many texts as images (${images.regions.shape[0]})`, String(texts.locals.shape[0]));
      }
      return model.lam!.forward(images.regions, texts.locals, hostCounts(texts)).textAttention;
    };
  }
  return encoder;
}

/** [Bi, Bt]: mean over real sentences and regions of LAM's attention, for every image × text pair. */
function meanLocalAttention(model: PriorModel, images: ImageEncoding, texts: TextEncoding): Tensor {
  const lam = model.lam;
  if (!lam || !texts.locals || !texts.localMask) throw new EncoderContractError('PRIOR', 'localAttention input', 'a text encoding with locals and localMask', 'none');
  const [bi, r, d] = images.regions.shape;
  const [bt, s] = texts.locals.shape;
  // Pair (i, t) is row i·Bt + t: regions repeated per text, texts tiled per image.
  const regions = A.reshape(A.expand(A.unsqueeze(images.regions, 1), [bi, bt, r, d]), [bi * bt, r, d]);
  const sentences = A.reshape(A.expand(A.unsqueeze(texts.locals, 0), [bi, bt, s, d]), [bi * bt, s, d]);
  const mask = A.reshape(A.expand(A.unsqueeze(texts.localMask, 0), [bi, bt, s]), [bi * bt, s]);
  // Counts are needed on the host by LAM; the mask is 1 for the first `count` slots of each text.
  const counts = hostCounts(texts);
  const tiled = Array.from({ length: bi * bt }, (_, k) => counts[k % bt]);
  const att = lam.forward(regions, sentences, tiled).textAttention; // [Bi·Bt, S, R]
  const perSentence = A.mean(att, [2]); // [Bi·Bt, S]
  const total = A.sum(A.mul(perSentence, mask), [1]);
  const n = A.clamp(A.sum(mask, [1]), 1, Infinity);
  return A.reshape(A.div(total, n), [bi, bt]);
}

/** Sentence counts of a text encoding made by this adapter (recorded when it was made). */
function hostCounts(texts: TextEncoding): number[] {
  const c = countsOf.get(texts.locals as Tensor);
  if (!c) throw new EncoderContractError('PRIOR', 'localAttention input', 'a text encoding made by the same adapter', 'a foreign encoding');
  return c;
}

const countsOf = new WeakMap<Tensor, number[]>();
