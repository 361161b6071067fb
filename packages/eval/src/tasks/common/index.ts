/**
 * Shared task helpers, for every downstream task (classification, zero-shot, retrieval,
 * segmentation, detection):
 *
 * - preprocess.ts — `ImagePreprocess {size, channels, mean, std}`, `preprocessFromConfig(config)`
 *   (pre-training's resize + normalisation, no augmentation), `preprocessImage(img, pre)` →
 *   CHW floats, `PixelCache` (`load/loadAll(store, paths, pre)`: decode once per run),
 *   `imageTensor(pixels, pre, device?)` → [B, C, S, S].
 * - batches.ts — `batchRanges(n, bs)`, `forEachImageBatch(encoder, pixels, pre, fn, {batchSize, device})`
 *   (eval mode, noGrad, per-batch `scope`, contract check on the first batch),
 *   `extractFeatures(encoder, pixels, pre, 'backbone' | 'global')` → {data [N×F], dim},
 *   `pooledLastMap(encoding)`.
 * - seeds.ts — `resolveSeeds(n | list)` (default 5), `deriveTaskSeed(seed, ...use)`, `taskGenerator(seed, ...use)`.
 * - text.ts — `textBatch(tokenizer, texts, {maxLength})` → TextBatch with sentenceIndex and
 *   sentenceCounts; `sentencesOf`, `disposeTextBatch`.
 * - data.ts — `chexpertClassification`, `covidxClassification` (train / stratified val / test),
 *   `chexpert5x200`, `mimicRetrieval`, `holdOut`, `fractionOf(items, fraction, seed)` (stratified
 *   label fractions), `LabeledImage`.
 * - training.ts — `fitWithEarlyStopping(opts, trainEpoch, validate, onBest)` (patience on a validation
 *   score; `onBest` keeps e.g. the test predictions of the best epoch, no weight copies).
 * - method.ts — `Method {name, create(seed)}` (a table row; tasks that train the encoder call create
 *   per fraction × seed), `asMethod(encoder | method)`.
 * - subsample.ts — `balancedSubsample(labels, perClass, seed)`, `defaultPerClass`: what a seed means for the
 *   evaluation-only tasks (a class-balanced redraw of the 5×200-style set, as the reference does).
 * - scores.ts — `classificationScores(kind, labels, probs, classNames)` → metrics (AUROC macro and
 *   per class; accuracy and macro F1 for multi-class) + notes, `validationScore`, `softmaxRows`, `sigmoid`.
 */
export * from './preprocess.js';
export * from './batches.js';
export * from './seeds.js';
export * from './text.js';
export * from './data.js';
export * from './training.js';
export * from './scores.js';
export * from './method.js';
export * from './subsample.js';
