/** Named starting points: `paper` (the reference configuration) and `tiny` (CPU-sized). */
import type { LossWeights, PriorConfig, StageConfig } from './types.js';

export const PRESET_NAMES = ['paper', 'tiny'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const weights = (w: Partial<LossWeights>): LossWeights => ({ glob: 0, locImg: 0, locTxt: 0, proto: 0, recImg: 0, spg: 0, kl: 0, gpa: 0, ...w });

/** The loss mix of each stage (shared/PRIOR.md §3); the same for every preset. */
const STAGE1 = weights({ glob: 1, locImg: 1, locTxt: 1 });
const STAGE2 = weights({ glob: 1, locImg: 1, locTxt: 1, proto: 10 });
const STAGE3 = weights({ glob: 10, locImg: 1, locTxt: 1, recImg: 1, spg: 10, kl: 1, gpa: 1, proto: 10 });

/**
 * The reference configuration: ResNet-50 on 1×224×224, Bio_ClinicalBERT's shape, D 768,
 * K 512, Q 16, an 8-layer report decoder, and the 20 / 30 / 100-epoch schedule with
 * warm-up from the reference's experiment file (1, 1, 5 epochs from 1e-7, 1e-7, 1e-8),
 * cosine decay to 0, AdamW weight decay 1e-6, no gradient clipping (the reference has none).
 */
export function paperPreset(): PriorConfig {
  const stage = (s: Omit<StageConfig, 'weightDecay' | 'finalLr' | 'gradClip'>): StageConfig => ({ ...s, lossWeights: { ...s.lossWeights }, finalLr: 0, weightDecay: 1e-6, gradClip: 0 });
  return {
    model: {
      imageEncoder: { depth: 50, width: 64, inChannels: 1, imageSize: 224, poolHeads: 8 },
      textEncoder: { layers: 12, hidden: 768, heads: 12, ffn: 3072, vocabSize: 28996, maxLen: 256, positions: 512, dropout: 0.1 },
      embedDim: 768,
      prototypes: 512,
      queries: 16,
      sentencePoolHeads: 8,
      reportDecoder: { layers: 8, heads: 12, ffn: 3072, dropout: 0.1 },
      gumbelTau: 0.9,
      globalTemperature: 0.01,
      globalNorm: 'none',
      localTemperature: 0.01,
      ablation: { localAlignment: true, prototypes: true, imageReconstruction: true, reportReconstruction: true },
      masking: { mode: 'channel', p: 0.5 },
    },
    stages: [
      stage({ name: 'stage1', epochs: 20, usePrototypes: false, lossWeights: STAGE1, peakLr: 1e-5, warmupStartLr: 1e-7, warmup: 1 }),
      stage({ name: 'stage2', epochs: 30, usePrototypes: true, lossWeights: STAGE2, peakLr: 1e-5, warmupStartLr: 1e-7, warmup: 1 }),
      stage({ name: 'stage3', epochs: 100, usePrototypes: true, lossWeights: STAGE3, peakLr: 5e-6, warmupStartLr: 1e-8, warmup: 5 }),
    ],
    data: {
      // 98 per GPU × 6 GPUs in the reference.
      batchSize: 588,
      minSentences: 4,
      shuffleSentences: true,
      augmentation: { rotationDegrees: 5, horizontalFlipP: 0.5, mean: 0.4755, std: 0.3011 },
    },
    run: { seed: 0, checkpointEverySteps: 5000, keepCheckpoints: 3, metricsEverySteps: 10 },
  };
}

/**
 * A model small enough to pre-train on SynthCXR in minutes on 2 CPU cores. Measured with
 * scripts/bench-step.ts (forward + backward + clip + AdamW, synthetic batch, cpu backend,
 * on a 2-core machine shared with other jobs, load average 7–8): the first guess — ResNet-10
 * width 16 at 128 px, BERT width 64, D 64, batch 32 — took 21 / 14 / 42 s per step in
 * stages 1 / 2 / 3 (15 / 10 / 15 s at 64 px); WebGPU on lavapipe was slower still at 64 px
 * (5 / 20 / 72 s). These sizes — ResNet-10 width 8 at 64 px (2×2 = 4 regions, 64 channels),
 * a 2-layer BERT of width 32, D 32, K 32, Q 8, a 1-layer report decoder, batch 16 — took
 * 2.4–3.6 / 2.7 / 5.3 s per step there, and 0.8 / 0.7 / 1.8 s after the cpu backend's
 * im2col/gemm rewrite (load 10). Stages are in steps, with a higher learning rate than the
 * paper's since nothing is pre-trained, and gradient clipping for stability.
 *
 * Chosen by held-out image→report retrieval on SynthCXR (scripts/diag-collapse.ts, 1,600
 * training pairs, 231 held-out, 240 stage-1 steps; chance top-5 2.2%): global vectors
 * batch-normalised (without, the global space collapsed), global temperature 0.2 (top-5
 * 9.1% global-only after 240 steps and 6.9% with LAM after 160, against 4.3% and 2.6%
 * (after 100) at CLIP's 0.07, whose logits on 32-d random vectors start with a spread of
 * ~2.5), no horizontal flip (the reports name the side of a finding).
 */
export function tinyPreset(): PriorConfig {
  const stage = (s: Omit<StageConfig, 'weightDecay' | 'finalLr' | 'gradClip' | 'warmupStartLr' | 'warmup'>): StageConfig => ({
    ...s,
    lossWeights: { ...s.lossWeights },
    warmup: 10,
    warmupStartLr: s.peakLr / 100,
    finalLr: 0,
    weightDecay: 1e-4,
    gradClip: 1,
  });
  return {
    model: {
      // Output stride 16: a 4×4 grid of region tokens at 64 px. At the ResNet's usual 32 the
      // grid is 2×2, too coarse for local alignment and image reconstruction (the paper has
      // 7×7): SIIM segmentation Dice from frozen features was below random initialisation.
      imageEncoder: { depth: 10, width: 8, inChannels: 1, imageSize: 64, poolHeads: 2, outputStride: 16 },
      // vocabSize must cover the tokenizer trained on the SynthCXR reports.
      textEncoder: { layers: 2, hidden: 32, heads: 4, ffn: 128, vocabSize: 1024, maxLen: 128, positions: 128, dropout: 0.1 },
      embedDim: 32,
      prototypes: 32,
      queries: 8,
      sentencePoolHeads: 2,
      reportDecoder: { layers: 1, heads: 4, ffn: 64, dropout: 0.1 },
      gumbelTau: 0.9,
      // Not the paper's 0.01 (pre-trained encoders) nor CLIP's 0.07: from scratch in D = 32, a
      // large logit scale saturates the softmax on random features (see the comment above).
      globalTemperature: 0.2,
      // Without it the global space collapses on SynthCXR from scratch (see ModelConfig.globalNorm).
      globalNorm: 'batchnorm',
      localTemperature: 0.07,
      ablation: { localAlignment: true, prototypes: true, imageReconstruction: true, reportReconstruction: true },
      masking: { mode: 'channel', p: 0.5 },
    },
    stages: [
      stage({ name: 'stage1', steps: 240, usePrototypes: false, lossWeights: STAGE1, peakLr: 2e-3 }),
      stage({ name: 'stage2', steps: 60, usePrototypes: true, lossWeights: STAGE2, peakLr: 1e-3 }),
      stage({ name: 'stage3', steps: 80, usePrototypes: true, lossWeights: STAGE3, peakLr: 5e-4 }),
    ],
    data: {
      batchSize: 16,
      // The intra-report InfoNCE needs at least two sentences to have a negative.
      minSentences: 2,
      shuffleSentences: true,
      augmentation: { rotationDegrees: 5, horizontalFlipP: 0, mean: 0.4755, std: 0.3011 },
    },
    run: { seed: 0, checkpointEverySteps: 100, keepCheckpoints: 2, metricsEverySteps: 1 },
  };
}

/** A fresh copy of a named preset. */
export function preset(name: PresetName): PriorConfig {
  return name === 'paper' ? paperPreset() : tinyPreset();
}
