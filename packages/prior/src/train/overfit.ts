/**
 * The overfit check: a model that cannot memorise a few pairs has a bug no loss curve
 * will show. The tiny preset is trained with stage 1's loss mix (L_glob + LAM) on 32
 * SynthCXR pairs, one batch of all of them per step, no augmentation, and image→report
 * retrieval on those same pairs is measured every `checkEvery` steps (the run stops,
 * is measured, and resumes from its checkpoint) until it reaches `target` top-1 or
 * `maxSteps`.
 */
import { rm } from 'node:fs/promises';
import { type Backend, Generator } from '@prior/tensor';
import { resolveConfig } from '../config/load.js';
import { loadPretrainingPairs } from '../data/pairs.js';
import { PretrainingDataset } from '../data/pretraining-dataset.js';
import { ensureSynthCxr } from '../data/synth.js';
import { loadOrTrainVocabulary } from '../data/vocabulary.js';
import { PriorModel } from '../model/prior-model.js';
import { TrainingError } from './errors.js';
import { pretrain } from './pretrain.js';
import { retrievalCheck } from './retrieval-check.js';

export interface OverfitOptions {
  /** SynthCXR is generated here (40 subjects) unless it is already there. */
  dataDir: string;
  /** Scratch run directory (emptied first). */
  runDir: string;
  device: Backend;
  pairs?: number;
  maxSteps?: number;
  checkEvery?: number;
  /** Top-1 at which the check passes (default 0.9). */
  target?: number;
  onCheck?: (c: OverfitCheck) => void;
}

export interface OverfitCheck {
  step: number;
  loss: number;
  top1: number;
  top5: number;
  chanceTop1: number;
}

export async function overfitCheck(o: OverfitOptions): Promise<OverfitCheck & { passed: boolean }> {
  const n = o.pairs ?? 32;
  const maxSteps = o.maxSteps ?? 150;
  const every = o.checkEvery ?? 25;
  const target = o.target ?? 0.9;
  const tiny = resolveConfig('tiny');
  const config = resolveConfig(tiny, {
    stages: [{ ...tiny.stages[0], name: 'overfit', steps: maxSteps, warmup: 10, peakLr: 2e-3, warmupStartLr: 2e-5 }],
    data: { batchSize: n, shuffleSentences: false, augmentation: { rotationDegrees: 0, horizontalFlipP: 0 } },
    run: { checkpointEverySteps: 0, keepCheckpoints: 1, metricsEverySteps: 1 },
  });
  await ensureSynthCxr(o.dataDir, { subjects: 40, size: config.model.imageEncoder.imageSize, seed: 2 });
  const all = await loadPretrainingPairs(o.dataDir, { minSentences: config.data.minSentences });
  if (all.pairs.length < n) throw new TrainingError(`overfitCheck: ${o.dataDir} has ${all.pairs.length} usable pairs, need ${n}`);
  const pairs = all.pairs.slice(0, n);
  const { tokenizer } = await loadOrTrainVocabulary(o.dataDir, all.pairs, config.model.textEncoder.vocabSize);
  const train = new PretrainingDataset({ source: o.dataDir, pairs, tokenizer, config });
  const same = new PretrainingDataset({ source: o.dataDir, pairs, tokenizer, config, train: false });

  await rm(o.runDir, { recursive: true, force: true });
  const modelGen = new Generator(config.run.seed);
  const model = new PriorModel(config, { device: o.device, generator: modelGen });
  let last: OverfitCheck = { step: 0, loss: NaN, top1: 0, top5: 0, chanceTop1: 1 / n };
  try {
    while (last.step < maxSteps) {
      const stop = new AbortController();
      const until = Math.min(maxSteps, last.step + every);
      let loss = NaN;
      const r = await pretrain({
        model, config, dataset: train, padId: tokenizer.padId, runDir: o.runDir, resume: last.step > 0, signal: stop.signal, generators: { model: modelGen },
        onProgress: (p) => {
          loss = p.loss;
          if (p.step >= until) stop.abort();
        },
      });
      // Stage 1 has not trained the prototype bank: reports skip it.
      const ret = await retrievalCheck(model, same, { padId: tokenizer.padId, device: o.device, usePrototypes: false });
      last = { step: r.step, loss, top1: ret.top1, top5: ret.top5, chanceTop1: ret.chanceTop1 };
      o.onCheck?.(last);
      if (last.top1 >= target || r.status === 'completed') break;
    }
  } finally {
    model.dispose();
  }
  return { ...last, passed: last.top1 >= target };
}
