/**
 * A tiny SynthCXR world for the task tests: CheXpert-like (with a 5×200-style split of 4
 * per class), COVIDx-like and MIMIC-like trees at 64 px in memory (resized to 32), a WordPiece tokenizer
 * trained on their texts, and a tiny PRIOR configuration (ResNet-10 of width 4, a 1-layer
 * BERT of width 16, D 16). Built once per test file.
 */
import {
  BertTokenizer, CHEXPERT_5X200, memoryStore, trainWordPiece, writeChexpert, writeCovidx, writeMimicCxr, type FileStore,
} from '@prior/datasets';
import { type PriorConfig, deepMerge, parseConfig, tinyPreset } from '@prior/prior';
import { ENSEMBLE_TEMPLATES, classPrompts, preprocessFromConfig, type ImagePreprocess } from '../../src/index.js';

export interface World {
  chexpert: FileStore;
  covidx: FileStore;
  mimic: FileStore;
  tokenizer: BertTokenizer;
  config: PriorConfig;
  pre: ImagePreprocess;
}

export function tinyConfig(vocabSize: number): PriorConfig {
  return parseConfig(
    deepMerge(tinyPreset(), {
      model: {
        imageEncoder: { depth: 10, width: 4, imageSize: 32, poolHeads: 2 },
        textEncoder: { layers: 1, hidden: 16, heads: 2, ffn: 32, vocabSize, maxLen: 64, positions: 64, dropout: 0 },
        embedDim: 16,
        prototypes: 8,
        queries: 2,
        sentencePoolHeads: 2,
        reportDecoder: { layers: 1, heads: 2, ffn: 32, dropout: 0 },
      },
    }) as PriorConfig,
  );
}

let world: Promise<World> | null = null;

export function tinyWorld(): Promise<World> {
  world ??= (async () => {
    const chexpert = memoryStore();
    const covidx = memoryStore();
    const mimic = memoryStore();
    await writeChexpert(chexpert, { seed: 1, train: 30, valid: 16, size: 64, perClass: 4 });
    await writeCovidx(covidx, { seed: 2, train: 30, test: 15, size: 64 });
    const studies = await writeMimicCxr(mimic, { seed: 3, subjects: 40, size: 64 });
    const prompts = classPrompts(CHEXPERT_5X200, ENSEMBLE_TEMPLATES).texts;
    const corpus = [...studies.flatMap((s) => s.sentences), ...prompts];
    const tokenizer = new BertTokenizer(trainWordPiece(corpus, { vocabSize: 300 }));
    const config = tinyConfig(tokenizer.vocab.size);
    return { chexpert, covidx, mimic, tokenizer, config, pre: preprocessFromConfig(config) };
  })();
  return world;
}
