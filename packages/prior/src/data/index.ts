/** Pre-training data: SynthCXR generation, PRIOR pairing, vocabulary, the dataset and its collation. */
export { ensureSynthCxr, SYNTH_MARKER, type SynthCxrOptions, type EnsureResult } from './synth.js';
export { loadPretrainingPairs, type PairsOptions, type LoadedPairs } from './pairs.js';
export { loadOrTrainVocabulary, vocabFileName, type VocabularyResult } from './vocabulary.js';
export { shuffledSentences } from './sentence-order.js';
export { augmentImage, type AugmentOptions } from './augment.js';
export { tokenizeReport, type PretrainingRecord, type TokenizedReport } from './record.js';
export { PretrainingDataset, type PretrainingDatasetOptions } from './pretraining-dataset.js';
export { collatePretraining, pretrainingCollate, toPriorBatch, disposeBatch, type HostBatch } from './collate.js';
export { openPretrainingData, type OpenOptions } from './open.js';
export { collateText, disposePriorTextBatch, sentencesOf, toPriorTextBatch, tokenizeTexts, type CollatableText, type HostTextBatch, type TextInput } from './text-batch.js';
